// biome-ignore lint/suspicious/noExplicitAny: a table of functions of any signature, typed back by `Methods`.
type AnyMethod<T> = (transport: T, ...args: any[]) => unknown;

/**
 * The client methods a table of functions makes (each takes the transport first): the same parameters without
 * it. A homomorphic mapped type, so each method keeps the TSDoc written on its entry of the table.
 */
export type Methods<T, Table extends Record<string, AnyMethod<T>>> = {
  [K in keyof Table]: Table[K] extends (transport: T, ...args: infer A) => infer R
    ? (...args: A) => R
    : never;
};

/**
 * Installs a table of functions as methods of a client class (`transportOf` reads the instance's private
 * transport): octokit's route table turned into methods, so the class stays a thin facade of Python names.
 */
export function installMethods<T, Self>(
  prototype: object,
  table: Record<string, AnyMethod<T>>,
  transportOf: (self: Self) => T,
): void {
  for (const [name, fn] of Object.entries(table)) {
    Object.defineProperty(prototype, name, {
      value(this: Self, ...args: unknown[]) {
        return fn(transportOf(this), ...args);
      },
      writable: true,
      configurable: true,
    });
    Object.defineProperty(prototype[name as keyof typeof prototype], "name", { value: name });
  }
}
