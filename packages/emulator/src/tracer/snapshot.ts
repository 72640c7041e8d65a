import { type OperationState, operationState } from "../snapshot";
import type { PlotOutcome } from "./outcome";
import type { Tracer } from "./tracer";

/** A read-only copy of Tracer's state, with what the API does not show (plot ids, outcomes, files). */
export interface TracerState {
  methodologies: { id: string; name: string; earliestDate: string; reportTypes: string[] }[];
  plotsGroups: {
    id: string;
    name: string;
    methodologyId: string;
    archived: boolean;
    plotCount: number;
    /** In upload order (an id twice when the group holds it twice). */
    plotIds: string[];
  }[];
  analyses: {
    id: string;
    name: string;
    plotsGroupId: string;
    dateFrom: string;
    dateTo: string;
    archived: boolean;
    results: {
      plotId: string;
      outcome: PlotOutcome;
      areaHa: number;
      zone: string | null;
      forestLossDate: string | null;
    }[];
  }[];
  reports: {
    id: string;
    name: string;
    plotsAnalysisId: string;
    reportType: string;
    archived: boolean;
    plotIds: string[];
    artifacts: { filename: string; contentType: string; sizeBytes: number; file: string }[];
  }[];
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
