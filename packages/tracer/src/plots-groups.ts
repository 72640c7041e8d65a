import {
  UploadError,
  checkBoolean,
  checkPlainObject,
  checkEnum,
  checkId,
  checkIfGiven,
  checkString,
  firstPage,
  runOperation,
  storageFetch,
} from "@picterra/core/machinery";
import { type ArchivedPageOptions, checkName, listQuery, values } from "./checks";
import { resultField } from "./operations";
import { type PreparedPlotsFile, preparePlotsFiles } from "./plots-files";
import type { ColumnValue, Operation, Tracer, TracerWaitOptions } from "./schemas";
import { uploadFile } from "./uploads";
import type { TracerMethod } from "./calls";

/** Options of the calls that upload plots files: `signal`, and `onPoll` with each polled state. */
export type PlotsUploadOptions = TracerWaitOptions;

export interface CreatePlotsGroupOptions extends PlotsUploadOptions {
  /** Values of the group's custom columns, by column name (default none). */
  columns?: Record<string, ColumnValue>;
}

export interface UpdatePlotsGroupPlotsOptions extends PlotsUploadOptions {
  /** True replaces every plot of the group; false (the default) merges (a plot with the same `plot_id` is replaced). */
  deleteExistingPlots?: boolean;
}

export interface ListPlotsGroupsOptions extends ArchivedPageOptions {
  /** Only the groups of this methodology, by name (e.g. "Coffee - EUDR"). */
  methodology?: string;
}

export const createPlotsGroup: TracerMethod<"createPlotsGroup"> = async (
  t,
  name,
  methodologyId,
  plotsFiles,
  options = {},
) => {
  const body = {
    name: checkName("name", name),
    methodology_id: checkId("methodologyId", methodologyId),
    custom_columns_values: (checkIfGiven(options.columns, (v) => checkPlainObject("columns", v)) ??
      {}) as Record<string, ColumnValue>,
  };
  const files = preparePlotsFiles(plotsFiles);
  const created = await runOperation<Operation>(
    t,
    t.expectData(t.api.POST("/plots_groups/", { body, signal: options.signal })),
    options,
  );
  const groupId = resultField(created, "plots_group_id");
  try {
    await commitPlots(t, groupId, files, false, options);
  } catch (error) {
    if (options.signal?.aborted && error === options.signal.reason) throw error;
    // The group exists, empty: the error names it, so that it can be filled (updatePlotsGroupPlots) or found.
    throw new UploadError("plots group", groupId, "commit", false, error);
  }
  return groupId;
};

export const updatePlotsGroupPlots: TracerMethod<"updatePlotsGroupPlots"> = async (
  t,
  plotsGroupId,
  plotsFiles,
  options = {},
) => {
  const groupId = checkId("plotsGroupId", plotsGroupId);
  const overwrite =
    checkIfGiven(options.deleteExistingPlots, (v) => checkBoolean("deleteExistingPlots", v)) ?? false;
  const files = preparePlotsFiles(plotsFiles);
  return commitPlots(t, groupId, files, overwrite, options);
};

/** Uploads each file (a fresh upload each), then one commit names them all; waits for it. */
async function commitPlots(
  t: Tracer,
  plotsGroupId: string,
  files: PreparedPlotsFile[],
  overwrite: boolean,
  options: PlotsUploadOptions,
): Promise<Operation> {
  const { signal } = options;
  const uploaded: { filename: string; upload_id: string }[] = [];
  for (const { filename, body } of files) {
    const upload_id = await uploadFile(t, `plots file ${filename}`, body, { signal });
    uploaded.push({ filename, upload_id });
  }
  return runOperation<Operation>(
    t,
    t.expectData(
      t.api.POST("/plots_groups/{plots_group_id}/upload/commit/", {
        params: { path: { plots_group_id: plotsGroupId } },
        body: { files: uploaded, overwrite },
        signal,
      }),
    ),
    options,
  );
}

export const listPlotsGroups: TracerMethod<"listPlotsGroups"> = async (t, options = {}) => {
  const query = listQuery(options, {
    methodology: checkIfGiven(options.methodology, (v) => checkString("methodology", v)),
  });
  return firstPage(t, t.api.GET("/plots_groups/", { params: { query }, signal: options.signal }));
};

export const getPlotsGroup: TracerMethod<"getPlotsGroup"> = async (t, plotsGroupId, options = {}) => {
  const plots_group_id = checkId("plotsGroupId", plotsGroupId);
  return t.expectData(
    t.api.GET("/plots_groups/{plots_group_id}/", {
      params: { path: { plots_group_id } },
      signal: options.signal,
    }),
  );
};

export const getPlotsGroupExportUrl: TracerMethod<"getPlotsGroupExportUrl"> = async (
  t,
  plotsGroupId,
  format,
  options = {},
) => {
  const plots_group_id = checkId("plotsGroupId", plotsGroupId);
  const body = { format: checkEnum("format", format, values.ExportFormat.enum) };
  const operation = await runOperation<Operation>(
    t,
    t.expectData(
      t.api.POST("/plots_groups/{plots_group_id}/export/", {
        params: { path: { plots_group_id } },
        body,
        signal: options.signal,
      }),
    ),
    options,
  );
  return resultField(operation, "download_url");
};

export const downloadPlotsGroup: TracerMethod<"downloadPlotsGroup"> = async (
  t,
  plotsGroupId,
  format,
  options = {},
) => {
  const url = await getPlotsGroupExportUrl(t, plotsGroupId, format, options);
  return storageFetch(t, url, { signal: options.signal });
};
