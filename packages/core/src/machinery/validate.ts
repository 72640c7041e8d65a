import { ValidationError, printable } from "./errors";

// Picterra ids are UUIDs; anything with a slash, space or query character would change the URL we call.
const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** A non-empty id that is safe to put in a URL path. */
export function checkId(what: string, value: unknown): string {
  if (typeof value !== "string" || !ID.test(value)) {
    throw new ValidationError(
      `${what} must be a non-empty id (letters, digits, '-', '_', '.'), got ${show(value)}`,
    );
  }
  return value;
}

/** `value` when it is a string, else a `ValidationError` naming `what`. */
export function checkString(what: string, value: unknown): string {
  if (typeof value !== "string") throw new ValidationError(`${what} must be a string, got ${show(value)}`);
  return value;
}

/** `value` when it is one of `allowed` (a document's enum), else a `ValidationError` listing them. */
export function checkEnum<T extends string>(what: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    throw new ValidationError(
      `${what} must be one of ${allowed.map((a) => `'${a}'`).join(", ")}, got ${show(value)}`,
    );
  }
  return value as T;
}

/** `value` when it is an integer from `min` to `max`, else a `ValidationError` naming `what`. */
export function checkInteger(what: string, value: unknown, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new ValidationError(`${what} must be an integer between ${min} and ${max}, got ${show(value)}`);
  }
  return value;
}

/** `value` when it is a finite number from `min` to `max`, else a `ValidationError` naming `what`. */
export function checkNumber(what: string, value: unknown, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    throw new ValidationError(`${what} must be a number between ${min} and ${max}, got ${show(value)}`);
  }
  return value;
}

/** `value` when it is a boolean, else a `ValidationError` naming `what`. */
export function checkBoolean(what: string, value: unknown): boolean {
  if (typeof value !== "boolean") throw new ValidationError(`${what} must be a boolean, got ${show(value)}`);
  return value;
}

// ISO-8601 as the API documents it: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

/** `value` when it is an ISO 8601 date-time as the API documents it, else a `ValidationError`. */
export function checkDateTime(what: string, value: unknown): string {
  if (typeof value !== "string" || !ISO_DATETIME.test(value) || Number.isNaN(Date.parse(value))) {
    throw new ValidationError(
      `${what} must be an ISO-8601 date-time like 2020-01-01T12:34:56.789Z, got ${show(value)}`,
    );
  }
  return value;
}

/** A string matching `pattern` (a document's `pattern`), described as `like` in the message. */
export function checkPattern(what: string, value: unknown, pattern: RegExp, like: string): string {
  if (typeof value !== "string" || !pattern.test(value)) {
    throw new ValidationError(`${what} must be ${like}, got ${show(value)}`);
  }
  return value;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A calendar date as the API takes it, "YYYY-MM-DD", from a `Date` (its UTC date) or such a string; an
 * impossible date (2025-02-30) is refused.
 */
export function checkDate(what: string, value: unknown): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new ValidationError(`${what} is an invalid Date`);
    return value.toISOString().slice(0, 10);
  }
  const match = typeof value === "string" ? ISO_DATE.exec(value) : null;
  if (match) {
    const [, y, m, d] = match.map(Number) as [number, number, number, number];
    const date = new Date(Date.UTC(y, m - 1, d));
    if (date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d) {
      return value as string;
    }
    throw new ValidationError(`${what} is not a real date: ${show(value)}`);
  }
  throw new ValidationError(`${what} must be a Date or a "YYYY-MM-DD" string, got ${show(value)}`);
}

/** Two dates, the first not after the second. */
export function checkDateRange(
  fromWhat: string,
  from: unknown,
  toWhat: string,
  to: unknown,
): [from: string, to: string] {
  const start = checkDate(fromWhat, from);
  const end = checkDate(toWhat, to);
  if (start > end) throw new ValidationError(`${fromWhat} (${start}) is after ${toWhat} (${end})`);
  return [start, end];
}

/** A non-empty array of non-empty strings, e.g. plot ids. */
export function checkStringList(what: string, value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new ValidationError(`${what} must be a non-empty array of strings, got ${show(value)}`);
  }
  value.forEach((item, i) => {
    if (typeof item !== "string" || item === "") {
      throw new ValidationError(`${what}[${i}] must be a non-empty string, got ${show(item)}`);
    }
  });
  return value as string[];
}

/** Validates `value` with `check` when it is given (not undefined or null); else undefined. */
export function checkIfGiven<T, R>(value: T | undefined | null, check: (v: T) => R): R | undefined {
  return value === undefined || value === null ? undefined : check(value);
}

/**
 * Drops undefined entries, so that only what was given is sent. Own keys only, each kept as a key (one named
 * `__proto__` never sets the copy's prototype).
 */
export function compact<T extends Record<string, unknown>>(
  obj: T,
): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(obj).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}

/** `value` when it is a finite number, else a `ValidationError` naming `what`. */
export function checkFiniteNumber(what: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new ValidationError(`${what} must be a finite number, got ${show(value)}`);
  }
  return value;
}

/** `value` when it is a plain object (not null, not an array), else a `ValidationError` naming `what`. */
export function checkPlainObject(what: string, value: unknown): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ValidationError(`${what} must be an object, got ${show(value)}`);
  }
  return value as Record<string, unknown>;
}

/** A value as a message shows it: quoted, cut when long, control characters escaped. */
export function show(value: unknown): string {
  if (typeof value === "string")
    return `'${printable(value.length > 60 ? `${value.slice(0, 60)}…` : value)}'`;
  if (value === undefined) return "undefined";
  try {
    const text = JSON.stringify(value);
    return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 60)}…` : text;
  } catch {
    return String(value);
  }
}
