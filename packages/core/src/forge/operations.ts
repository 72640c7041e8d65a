import {
  getOperation as getAnyOperation,
  type WaitOptions,
  waitForOperation as waitForAny,
} from "../machinery/operations";
import { PicterraError } from "../machinery/errors";
import { checkId } from "../machinery/validate";
import type { CallOptions, Forge, Operation, OperationRef, OperationResults } from "./schemas";

/** Options of every Forge call that waits for an operation: `signal`, and `onPoll` with each polled state. */
export type ForgeWaitOptions = WaitOptions<Operation>;

export async function getOperation(
  t: Forge,
  operationId: string,
  options: CallOptions = {},
): Promise<Operation> {
  return getAnyOperation<Operation>(t, checkId("operationId", operationId), options.signal);
}

export async function waitForOperation(
  t: Forge,
  ref: OperationRef,
  options: ForgeWaitOptions = {},
): Promise<Operation> {
  return waitForAny<Operation>(t, ref, options);
}

export async function getOperationResults(
  t: Forge,
  operationId: string,
  options: CallOptions = {},
): Promise<OperationResults> {
  const operation = await getOperation(t, operationId, options);
  if (!operation.results) {
    throw new PicterraError(`operation ${operationId} has no results (status: ${operation.status})`);
  }
  return operation.results;
}
