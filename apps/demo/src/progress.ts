import type { Progress } from "@picterra/core";

/** Where the bar is drawn; `process.stderr` by default, a fake one in tests. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

const WIDTH = 24;

/**
 * A one-line text progress bar for an upload, on stderr. On a terminal it is redrawn in place; elsewhere (CI
 * logs, a pipe) only the finished line is printed, so logs do not fill up with carriage returns.
 */
export function progressBar(
  label: string,
  stream: ProgressStream = process.stderr,
): (progress: Progress) => void {
  let finished = false;
  return ({ loaded, total }) => {
    if (finished) return;
    const done = total !== undefined && loaded >= total;
    if (!stream.isTTY && !done) return;
    const line = `${label} ${bar(loaded, total)} ${formatBytes(loaded)}${total === undefined ? "" : ` / ${formatBytes(total)}`}`;
    stream.write(stream.isTTY ? `\r\x1b[2K${line}${done ? "\n" : ""}` : `${line}\n`);
    finished = done;
  };
}

function bar(loaded: number, total: number | undefined): string {
  if (total === undefined || total === 0) return `[${"?".repeat(WIDTH)}]`;
  const ratio = Math.min(1, loaded / total);
  const filled = Math.round(ratio * WIDTH);
  return `[${"#".repeat(filled)}${"-".repeat(WIDTH - filled)}] ${String(Math.round(ratio * 100)).padStart(3)}%`;
}

/** `1536` → `"1.5 KiB"`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
