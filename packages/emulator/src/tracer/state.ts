import { randomUUID } from "node:crypto";
import { invalidPk, notFound, throwing } from "../errors";
import type { GrantRecord } from "../state";
import type { PlotGeometry } from "./geometry";
import { type MethodologyRecord, seedMethodologies } from "./methodologies";
import type { PlotResult } from "./outcome";

export type ColumnValue = string | number | boolean | null;

/** One plot of a group, as uploaded. */
export interface Plot {
  plotId: string;
  geometry: PlotGeometry;
  /** The feature's properties, `plot_id` included: the plot's own columns. */
  properties: Record<string, unknown>;
  /** The plots file it came from. */
  filename: string;
}

export interface PlotsGroupRecord {
  id: string;
  name: string;
  nameLower: string;
  methodologyId: string;
  customColumns: Record<string, ColumnValue>;
  createdAt: string;
  archived: boolean;
  /** In upload order; a plot id may appear twice when one commit's files held it twice. */
  plots: Plot[];
}

export interface PlotsAnalysisRecord {
  id: string;
  name: string;
  nameLower: string;
  plotsGroupId: string;
  methodologyId: string;
  dateFrom: string;
  dateTo: string;
  createdAt: string;
  archived: boolean;
  /** The analysed plots as they were then (the group may change later), one per plot id, in request order. */
  plots: Plot[];
  results: PlotResult[];
}

/** One file of a report, on disk. */
export interface ArtifactRecord {
  name: string;
  filename: string;
  description: string;
  contentType: string;
  file: string;
  sizeBytes: number;
}

export interface PlotsAnalysisReportRecord {
  id: string;
  name: string;
  nameLower: string;
  plotsAnalysisId: string;
  reportType: string;
  metadata: Record<string, unknown>;
  createdAt: string;
  archived: boolean;
  plotIds: string[];
  artifacts: ArtifactRecord[];
}

export type GrantKind = "plots_group" | "plots_analysis" | "methodology";

/** What lists can hide until `include_archived`. */
export type ArchivableKind = "plots_group" | "plots_analysis" | "plots_analysis_report";

/** Who the emulator's API key belongs to. */
export const USER_INFO = {
  organization_id: "5f0c6d52-8f3e-4f5a-9a47-0e4f1b6c2d01",
  user_id: "9b1e2c3d-4a5b-4c6d-8e7f-a0b1c2d3e4f5",
  organization_name: "Emulated Organization",
} as const;

/** Tracer's objects, in memory; reports' files and prechecks' data live under the emulator's data folder. */
export class TracerStore {
  readonly methodologies = new Map<string, MethodologyRecord>();
  readonly plotsGroups = new Map<string, PlotsGroupRecord>();
  readonly analyses = new Map<string, PlotsAnalysisRecord>();
  readonly reports = new Map<string, PlotsAnalysisReportRecord>();
  /** `${kind}/${id}` → grants; a resource nobody set grants on has none. */
  readonly grants = new Map<string, GrantRecord[]>();

  constructor() {
    for (const m of seedMethodologies()) this.methodologies.set(m.id, m);
  }

  /** A methodology named in a body: an unknown id is a field error there, not a 404. */
  methodologyField(field: string, id: string): MethodologyRecord {
    return this.methodologies.get(id) ?? throwing(invalidPk(field, id));
  }

  methodologyOf(record: { methodologyId: string }): MethodologyRecord {
    return this.methodologies.get(record.methodologyId)!;
  }

  plotsGroup(id: string): PlotsGroupRecord {
    return this.plotsGroups.get(id) ?? throwing(notFound());
  }

  analysis(id: string): PlotsAnalysisRecord {
    return this.analyses.get(id) ?? throwing(notFound());
  }

  report(id: string): PlotsAnalysisReportRecord {
    return this.reports.get(id) ?? throwing(notFound());
  }

  addPlotsGroup(
    fields: Pick<PlotsGroupRecord, "name" | "methodologyId" | "customColumns">,
  ): PlotsGroupRecord {
    const group: PlotsGroupRecord = {
      id: randomUUID(),
      nameLower: fields.name.toLowerCase(),
      createdAt: timestamp(),
      archived: false,
      plots: [],
      ...fields,
    };
    this.plotsGroups.set(group.id, group);
    return group;
  }

  addAnalysis(
    fields: Omit<PlotsAnalysisRecord, "id" | "nameLower" | "createdAt" | "archived">,
  ): PlotsAnalysisRecord {
    const analysis: PlotsAnalysisRecord = {
      id: randomUUID(),
      nameLower: fields.name.toLowerCase(),
      createdAt: timestamp(),
      archived: false,
      ...fields,
    };
    this.analyses.set(analysis.id, analysis);
    return analysis;
  }

  /** Reports get their id before their files are written, since the files name it. */
  addReport(
    id: string,
    fields: Omit<PlotsAnalysisReportRecord, "id" | "nameLower" | "createdAt" | "archived">,
  ): PlotsAnalysisReportRecord {
    const report: PlotsAnalysisReportRecord = {
      id,
      nameLower: fields.name.toLowerCase(),
      createdAt: timestamp(),
      archived: false,
      ...fields,
    };
    this.reports.set(report.id, report);
    return report;
  }

  /** Archives a group, an analysis or a report, as a user does in the web interface (the API cannot). */
  archive(kind: ArchivableKind, id: string): void {
    const record =
      kind === "plots_group"
        ? this.plotsGroups.get(id)
        : kind === "plots_analysis"
          ? this.analyses.get(id)
          : this.reports.get(id);
    if (!record) throw new RangeError(`archive: no ${kind} ${id}`);
    record.archived = true;
  }

  /** The resource a grants path names (404 when there is none). */
  grantsKey(kind: GrantKind, id: string): string {
    const exists =
      kind === "plots_group"
        ? this.plotsGroups.has(id)
        : kind === "plots_analysis"
          ? this.analyses.has(id)
          : this.methodologies.has(id);
    if (!exists) throw notFound();
    return `${kind}/${id}`;
  }
}

/** Now, as DRF renders a Django DateTimeField: UTC with microseconds (`2025-09-29T10:04:08.143098Z`). */
export function timestamp(now: Date = new Date()): string {
  const micros = String(Math.floor((performance.timeOrigin + performance.now()) * 1000) % 1000).padStart(
    3,
    "0",
  );
  return now.toISOString().replace("Z", `${micros}Z`);
}
