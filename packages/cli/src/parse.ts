import { readFile } from "node:fs/promises";
import { checkDate, jsonFault } from "@picterra/core/machinery";
import { InvalidArgumentError } from "commander";
import { UsageError } from "./errors";

/** A commander parser of whole numbers within [min, max]: a bad value is bad usage (exit 2), before any request. */
export function integer(min: number, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === "" || !Number.isInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(
        `expected a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : " up"}.`,
      );
    }
    return n;
  };
}

/** A commander parser of numbers within [min, max]. */
export function decimal(min: number, max = Number.POSITIVE_INFINITY): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === "" || !Number.isFinite(n) || n < min || n > max) {
      throw new InvalidArgumentError(
        `expected a number from ${min}${Number.isFinite(max) ? ` to ${max}` : " up"}.`,
      );
    }
    return n;
  };
}

/** A commander parser of a strictly positive number. */
export function positive(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError("expected a positive number.");
  return n;
}

/** A commander parser of a date `YYYY-MM-DD`, checked as the clients check it (a real calendar date). */
export function isoDate(value: string): string {
  try {
    return checkDate("date", value);
  } catch {
    throw new InvalidArgumentError("expected a date as YYYY-MM-DD.");
  }
}

/** Reads a JSON file given on the command line; a missing or broken file is bad usage. */
export async function readJsonFile(flag: string, path: string): Promise<unknown> {
  const text = await readFile(path, "utf8").catch(() => {
    throw new UsageError(`${flag}: cannot read '${path}'`);
  });
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${flag}: '${path}' is not JSON (${jsonFault(error)})`);
  }
}
