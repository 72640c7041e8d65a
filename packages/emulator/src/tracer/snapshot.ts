import { type OperationState, operationState } from "../snapshot";
import type { PlotOutcome } from "./outcome";
import type { Tracer } from "./tracer";

/** A read-only copy of Tracer's state, with what the API does not show (plot ids, outcomes, files). */
export interface TracerState {
  /** The methodologies the emulator offers (seeded: cattle, cocoa... under the EUDR). */
  methodologies: {
    /** The methodology's id. */
    id: string;
    /** Its name, e.g. "Cocoa - EUDR". */
    name: string;
    /** The first day an analysis may cover (`YYYY-MM-DD`); the last is today (UTC). */
    earliestDate: string;
    /** The report types it offers (e.g. `eudr_export`). */
    reportTypes: string[];
  }[];
  /** Every plots group, archived ones included. */
  plotsGroups: {
    /** The group's id. */
    id: string;
    /** Its name. */
    name: string;
    /** The methodology it follows. */
    methodologyId: string;
    /** Whether it was archived (lists hide it unless asked). */
    archived: boolean;
    /** How many plots it holds. */
    plotCount: number;
    /** In upload order (an id twice when the group holds it twice). */
    plotIds: string[];
  }[];
  /** Every plots analysis, archived ones included. */
  analyses: {
    /** The analysis's id. */
    id: string;
    /** Its name. */
    name: string;
    /** The plots group it analysed. */
    plotsGroupId: string;
    /** The first day of the analysed period (`YYYY-MM-DD`). */
    dateFrom: string;
    /** The last day of the analysed period (`YYYY-MM-DD`). */
    dateTo: string;
    /** Whether it was archived. */
    archived: boolean;
    /** What it found, one entry per analysed plot, in request order. */
    results: {
      /** The plot's id. */
      plotId: string;
      /** Whether deforestation was detected on the plot within the period. */
      outcome: PlotOutcome;
      /** The plot's geodesic area, in hectares. */
      areaHa: number;
      /** The deforestation zone its centroid lies in, when its loss falls within the period; else null. */
      zone: string | null;
      /** The day of the forest loss (`YYYY-MM-DD`), when deforestation was detected; else null. */
      forestLossDate: string | null;
    }[];
  }[];
  /** Every report, archived ones included. */
  reports: {
    /** The report's id. */
    id: string;
    /** Its name. */
    name: string;
    /** The analysis it reports on. */
    plotsAnalysisId: string;
    /** Its type, one of its methodology's (e.g. `eudr_export`). */
    reportType: string;
    /** Whether it was archived. */
    archived: boolean;
    /** The plots it covers, each once, in the order the plot ids file gave them. */
    plotIds: string[];
    /** The files it is made of. */
    artifacts: {
      /** The file's name, as its download gives it. */
      filename: string;
      /** Its media type (e.g. `application/pdf`). */
      contentType: string;
      /** Its size in bytes. */
      sizeBytes: number;
      /** Where it is on disk. */
      file: string;
    }[];
  }[];
  /** Every Tracer operation, in the order they started. */
  operations: OperationState[];
}

export function tracerSnapshot({ store, ops }: Tracer): TracerState {
  return {
    methodologies: [...store.methodologies.values()].map((m) => ({
      id: m.id,
      name: m.name,
      earliestDate: m.earliestDate,
      reportTypes: m.reportTypes.map((t) => t.reportType),
    })),
    plotsGroups: [...store.plotsGroups.values()].map((g) => ({
      id: g.id,
      name: g.name,
      methodologyId: g.methodologyId,
      archived: g.archived,
      plotCount: g.plots.length,
      plotIds: g.plots.map((p) => p.plotId),
    })),
    analyses: [...store.analyses.values()].map((a) => ({
      id: a.id,
      name: a.name,
      plotsGroupId: a.plotsGroupId,
      dateFrom: a.dateFrom,
      dateTo: a.dateTo,
      archived: a.archived,
      results: a.results.map(({ plotId, outcome, areaHa, zone, forestLossDate }) => ({
        plotId,
        outcome,
        areaHa,
        zone,
        forestLossDate,
      })),
    })),
    reports: [...store.reports.values()].map((r) => ({
      id: r.id,
      name: r.name,
      plotsAnalysisId: r.plotsAnalysisId,
      reportType: r.reportType,
      archived: r.archived,
      plotIds: [...r.plotIds],
      artifacts: r.artifacts.map(({ filename, contentType, sizeBytes, file }) => ({
        filename,
        contentType,
        sizeBytes,
        file,
      })),
    })),
    operations: [...ops.all.values()].map(operationState),
  };
}
