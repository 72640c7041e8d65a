import {
  getOperation as getAnyOperation,
  type WaitOptions,
  waitForOperation as waitForAny,
} from "../machinery/operations";
import { PicterraError, printable } from "../machinery/errors";
import { checkId } from "../machinery/validate";
import type { Operation } from "./schemas";
import type { ForgeMethod } from "./calls";

/** Options of every Forge call that waits for an operation: `signal`, and `onPoll` with each polled state. */
export type ForgeWaitOptions = WaitOptions<Operation>;

export const getOperation: ForgeMethod<"getOperation"> = async (t, operationId, options = {}) => {
  return getAnyOperation<Operation>(t, checkId("operationId", operationId), options.signal);
};

export const waitForOperation: ForgeMethod<"waitForOperation"> = async (t, ref, options = {}) => {
  return waitForAny<Operation>(t, ref, options);
};

export const getOperationResults: ForgeMethod<"getOperationResults"> = async (
  t,
  operationId,
  options = {},
) => {
  const operation = await getOperation(t, operationId, options);
  if (!operation.results) {
    // The status is the server's text: shown escaped, as in every message.
    throw new PicterraError(
      `operation ${operationId} has no results (status: ${printable(String(operation.status))})`,
    );
  }
  return operation.results;
};
