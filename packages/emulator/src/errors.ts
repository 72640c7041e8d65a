/** A JSON error answer, thrown by handlers and turned into a response by the server. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(`HTTP ${status}`);
  }
}

/** Django REST Framework's `{"detail": ...}` error. */
export function detail(status: number, message: string, headers?: Record<string, string>): HttpError {
  return new HttpError(status, { detail: message }, headers);
}

export const notFound = (): HttpError => detail(404, "Not found.");

/** Throws `error`: for `map.get(id) ?? throwing(notFound())`. */
export function throwing(error: Error): never {
  throw error;
}

/** A DRF validation error on one field (`{"field": ["message"]}`). */
export function fieldError(field: string, message: string): HttpError {
  return new HttpError(400, { [field]: [message] });
}

/** DRF's message for a primary key that names nothing. */
export function invalidPk(field: string, value: string): HttpError {
  return fieldError(field, `Invalid pk "${value}" - object does not exist.`);
}
