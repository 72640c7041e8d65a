import { geometryProblem } from "./geometry";
import { type MethodologyRecord, latestDate } from "./methodologies";
import type { Plot, PlotsAnalysisRecord, PlotsGroupRecord } from "./state";
import type { OperationError } from "./tracer";

/** One problem a precheck found (`plot_id` null for a problem of the request itself). */
export interface PrecheckIssue {
  plot_id: string | null;
  code: string;
  message: string;
}

/** The file behind `precheck_data_url`. */
export interface PrecheckData {
  status: "passed" | "failed";
  errors: { critical: PrecheckIssue[]; high: PrecheckIssue[] };
  critical_count: number;
  high_count: number;
}

/** What an analysis request amounts to: the plots it would analyse, and what is wrong with it. */
export interface AnalysisPlan {
  /** One plot per requested id found in the group (the last uploaded, when the group holds several). */
  plots: Plot[];
  data: PrecheckData;
}

/**
 * The analysis precheck. Critical (the analysis fails): `date_from` after `date_to`, dates outside the
 * methodology's range (the EUDR cut-off to today), plot ids not in the group, plots whose polygon is invalid
 * or intersects itself. High (it runs): a plot id the group holds more than once, an id listed more than once.
 */
export function planAnalysis(
  group: PlotsGroupRecord,
  methodology: MethodologyRecord,
  plotIds: string[],
  dateFrom: string,
  dateTo: string,
): AnalysisPlan {
  const critical: PrecheckIssue[] = [];
  const high: PrecheckIssue[] = [];
  if (dateFrom > dateTo) {
    critical.push({
      plot_id: null,
      code: "invalid_dates",
      message: `date_from ${dateFrom} is after date_to ${dateTo}`,
    });
  }
  const latest = latestDate();
  const range = `${methodology.name} analyses dates from ${methodology.earliestDate} (the EUDR cut-off) to today, ${latest}`;
  for (const [field, date] of [
    ["date_from", dateFrom],
    ["date_to", dateTo],
  ] as const) {
    if (date < methodology.earliestDate || date > latest) {
      critical.push({
        plot_id: null,
        code: "dates_out_of_range",
        message: `${range}: ${field} ${date} is out of range`,
      });
    }
  }

  const byId = new Map<string, Plot[]>();
  for (const plot of group.plots) {
    const list = byId.get(plot.plotId);
    if (list) list.push(plot);
    else byId.set(plot.plotId, [plot]);
  }
  const counts = new Map<string, number>();
  for (const id of plotIds) counts.set(id, (counts.get(id) ?? 0) + 1);

  const plots: Plot[] = [];
  for (const [id, times] of counts) {
    if (times > 1) {
      high.push({
        plot_id: id,
        code: "repeated_plot_id",
        message: `plot ${id} is listed ${times} times; it is analysed once`,
      });
    }
    const found = byId.get(id);
    if (!found) {
      critical.push({
        plot_id: id,
        code: "unknown_plot_id",
        message: `plot ${id} is not in the plots group`,
      });
      continue;
    }
    if (found.length > 1) {
      high.push({
        plot_id: id,
        code: "duplicate_plot_id",
        message: `the plots group holds ${found.length} plots with id ${id}; the last uploaded is analysed`,
      });
    }
    const plot = found[found.length - 1]!;
    const problem = geometryProblem(plot.geometry);
    if (problem)
      critical.push({ plot_id: id, code: problem.code, message: `plot ${id}: ${problem.message}` });
    plots.push(plot);
  }
  return {
    plots,
    data: {
      status: critical.length > 0 ? "failed" : "passed",
      errors: { critical, high },
      critical_count: critical.length,
      high_count: high.length,
    },
  };
}

/** A precheck's critical problems as a failed operation's errors. */
export function criticalErrors(data: PrecheckData): OperationError[] {
  return data.errors.critical.map(({ plot_id, code, message }) => ({
    code,
    message,
    ...(plot_id === null ? {} : { plot_id }),
  }));
}

/**
 * Why a report (or its precheck) cannot be made: a report type the methodology does not offer, metadata the
 * type needs, plots that are not in the analysis. Empty when it can.
 */
export function reportProblems(
  analysis: PlotsAnalysisRecord,
  methodology: MethodologyRecord,
  reportType: string,
  plotIds: string[],
  metadata: Record<string, unknown>,
): OperationError[] {
  const errors: OperationError[] = [];
  const type = methodology.reportTypes.find((t) => t.reportType === reportType);
  if (!type) {
    const offered = methodology.reportTypes.map((t) => t.reportType).join(", ");
    errors.push({
      code: "unknown_report_type",
      message: `report type ${reportType} is not one of ${methodology.name}'s: ${offered}`,
    });
  }
  for (const key of type?.requiredMetadata ?? []) {
    const value = metadata[key];
    if (typeof value !== "string" || value.trim() === "") {
      errors.push({
        code: "missing_metadata",
        message: `report type ${reportType} needs metadata.${key} (a non-empty string)`,
      });
    }
  }
  const analysed = new Set(analysis.results.map((r) => r.plotId));
  for (const id of new Set(plotIds)) {
    if (!analysed.has(id)) {
      errors.push({
        code: "plot_not_in_analysis",
        message: `plot ${id} is not in the analysis`,
        plot_id: id,
      });
    }
  }
  return errors;
}
