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
