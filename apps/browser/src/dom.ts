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
