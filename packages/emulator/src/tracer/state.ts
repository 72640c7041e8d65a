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
  /** The objects of each kind the web interface archives and grants name. */
  private readonly byKind = {
    plots_group: this.plotsGroups,
    plots_analysis: this.analyses,
    plots_analysis_report: this.reports,
    methodology: this.methodologies,
  };

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
    return added(this.plotsGroups, { plots: [], ...fields });
  }

  addAnalysis(fields: Omit<PlotsAnalysisRecord, keyof Listed>): PlotsAnalysisRecord {
    return added(this.analyses, fields);
  }

  /** Reports get their id before their files are written, since the files name it. */
  addReport(id: string, fields: Omit<PlotsAnalysisReportRecord, keyof Listed>): PlotsAnalysisReportRecord {
    return added(this.reports, fields, id);
  }

  /** Archives a group, an analysis or a report, as a user does in the web interface (the API cannot). */
  archive(kind: ArchivableKind, id: string): void {
    const record = this.byKind[kind].get(id);
    if (!record) throw new RangeError(`archive: no ${kind} ${id}`);
    record.archived = true;
  }

  /** The resource a grants path names (404 when there is none). */
  grantsKey(kind: GrantKind, id: string): string {
    if (!this.byKind[kind].has(id)) throw notFound();
    return `${kind}/${id}`;
  }
}

/** Now, as DRF renders a Django DateTimeField: UTC with microseconds (`2025-09-29T10:04:08.143098Z`). */
/** What every listed object (group, analysis, report) gets when it is made. */
interface Listed {
  id: string;
  /** Lower-cased name, so that `search` does not lower-case every object on every request. */
  nameLower: string;
  createdAt: string;
  archived: boolean;
}

/** Makes a listed object from its fields and keeps it in `map`. */
function added<T extends Listed & { name: string }>(
  map: Map<string, T>,
  fields: Omit<T, keyof Listed>,
  id: string = randomUUID(),
): T {
  const listed: Listed = {
    id,
    nameLower: fields.name.toLowerCase(),
    createdAt: timestamp(),
    archived: false,
  };
  // T is its fields and what every listed object gets (TypeScript cannot join an Omit back to its whole).
  const record = { ...listed, ...fields } as T;
  map.set(id, record);
  return record;
}

export function timestamp(now: Date = new Date()): string {
  const micros = String(Math.floor((performance.timeOrigin + performance.now()) * 1000) % 1000).padStart(
    3,
    "0",
  );
  return now.toISOString().replace("Z", `${micros}Z`);
}
