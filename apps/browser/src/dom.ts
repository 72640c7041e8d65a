import { APIError } from "@picterra/core";

/** The element with this id, of the expected type; a missing one is a bug in index.html. */
export function byId<T extends HTMLElement>(id: string, type: new () => T): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`index.html has no <${type.name}> #${id}`);
  return element;
}

/** Appends a status line to the log, with the seconds since the page started. */
export function log(message: string): void {
  const item = document.createElement("li");
  const time = document.createElement("time");
  time.textContent = `${(performance.now() / 1000).toFixed(1)} s`;
  item.append(time, ` ${message}`);
  byId("log", HTMLOListElement).append(item);
}

/** Replaces the contents of a list with one item per text. */
export function fillList(list: HTMLElement, texts: readonly string[], empty: string): void {
  list.replaceChildren(
    ...(texts.length > 0 ? texts : [empty]).map((text) => {
      const item = document.createElement("li");
      item.textContent = text;
      return item;
    }),
  );
}

/**
 * JSON with one line per top-level key and per array item, so that a summary of boxes stays short enough to
 * read at a glance (JSON.stringify's indentation puts every number on its own line).
 */
export function compactJson(value: Record<string, readonly unknown[]>): string {
  const keys = Object.entries(value).map(([key, items]) => {
    const lines = items.map((item) => `    ${JSON.stringify(item)}`);
    return lines.length > 0
      ? `  ${JSON.stringify(key)}: [\n${lines.join(",\n")}\n  ]`
      : `  ${JSON.stringify(key)}: []`;
  });
  return `{\n${keys.join(",\n")}\n}`;
}

/** Fills `#legend` with one item per entry, its swatch in `color` (the CSS variable `--color`). */
export function showLegend(entries: readonly { color: string; text: string }[]): void {
  byId("legend", HTMLParagraphElement).replaceChildren(
    ...entries.map(({ color, text }) => {
      const item = document.createElement("span");
      item.style.setProperty("--color", color);
      item.textContent = text;
      return item;
    }),
  );
}

/**
 * The API's URL and key from the page's query string, then dropped from the address bar and the history entry.
 * A demo against a local emulator only: a real app must never put an API key in a URL (it ends up in history,
 * logs and Referer headers) nor ship one to browsers at all; it calls its own backend, which holds the key and
 * proxies to Picterra. `baseUrlHint` says what `baseUrl` the page wants.
 */
export function readApiAccess(baseUrlHint: string): { baseUrl: string; apiKey: string } {
  const params = new URLSearchParams(location.search);
  const baseUrl = params.get("baseUrl");
  const apiKey = params.get("apiKey");
  if (!baseUrl || !apiKey) {
    throw new Error(`open this page with ?baseUrl=${baseUrlHint}&apiKey=<key> (see README.md)`);
  }
  history.replaceState(null, "", location.pathname);
  return { baseUrl, apiKey };
}

/**
 * Runs a page's work and says how it ended, for people and for the browser tests: `body[data-state]` is
 * "running", then "done", or "error" with the reason in `#error` and the log.
 */
export function runPage(main: () => Promise<void>): void {
  document.body.dataset.state = "running";
  main().then(() => {
    log("done");
    document.body.dataset.state = "done";
  }, fail);
}

function fail(error: unknown): void {
  const message =
    error instanceof APIError
      ? `${error.message} (HTTP ${error.status})`
      : error instanceof Error
        ? `${error.name}: ${error.message}`
        : String(error);
  byId("error", HTMLElement).textContent = message;
  log(`failed: ${message}`);
  document.body.dataset.state = "error";
}
