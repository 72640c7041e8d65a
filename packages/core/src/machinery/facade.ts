import type { Client } from "openapi-fetch";
import { type ClientOptions, type Product, createTransport } from "./client-options";
import type { StorageSettings } from "./storage";
import type { Transport } from "./transport";

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
 * Whatever a method throws leaves through the transport's `redact`: no error of a method shows the key.
 */
export function installMethods<T extends { readonly storage: StorageSettings }, Self>(
  prototype: object,
  table: Record<string, AnyMethod<T>>,
  transportOf: (self: Self) => T,
): void {
  for (const [name, fn] of Object.entries(table)) {
    Object.defineProperty(prototype, name, {
      value(this: Self, ...args: unknown[]) {
        const t = transportOf(this);
        const fail = (error: unknown): never => {
          throw t.storage.redact(error);
        };
        try {
          const result = fn(t, ...args);
          return result instanceof Promise ? result.catch(fail) : result;
        } catch (error) {
          return fail(error);
        }
      },
      writable: true,
      configurable: true,
    });
    Object.defineProperty(prototype[name as keyof typeof prototype], "name", { value: name });
  }
}

/**
 * What every Picterra API client is: `api`, `baseUrl`, `storage`, and its transport in a private field, so that
 * `console.log(client)` and `JSON.stringify(client)` cannot reach the key through it. A subclass passes its
 * product and installs its table of methods with `ApiClient.install` in a static block.
 */
export abstract class ApiClient<Paths extends {}> {
  /** The raw typed openapi-fetch client; key and timeout are set. */
  readonly api: Client<Paths>;
  /** The base URL every API path is relative to (no trailing slash). */
  readonly baseUrl: string;
  /** How storage transfers are made: idle timeout and retry policy (`@picterra/node-fs` follows them too). */
  readonly storage: StorageSettings;
  readonly #t: Transport<Paths>;

  protected constructor(options: ClientOptions, product: Product) {
    this.#t = createTransport<Paths>(options, product);
    this.api = this.#t.api;
    this.baseUrl = this.#t.apiUrl.replace(/\/$/, "");
    this.storage = this.#t.storage;
  }

  /** Installs `table` as the methods of `client`, a subclass, each given the instance's transport first. */
  protected static install<Paths extends {}>(
    client: abstract new (...args: never[]) => ApiClient<Paths>,
    table: Record<string, AnyMethod<Transport<Paths>>>,
  ): void {
    installMethods(client.prototype, table, (self: ApiClient<Paths>) => self.#t);
  }
}
