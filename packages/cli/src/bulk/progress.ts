import cliProgress from "cli-progress";
import { lineForHumans } from "../output";

/** What a bulk run reports as it goes. */
export interface Progress {
  /** `n` more items are done (skipped ones included). */
  itemDone(line: string, failed?: boolean): void;
  /** Bytes moved by transfers since the last call. */
  bytes(delta: number): void;
  /** Something worth a line of its own (a resumed item, a retry after a 429...). */
  log(line: string): void;
  /** Ends the display (the bar stays on screen with its last values). */
  stop(): void;
}

/** What the display reads on each refresh. */
export interface ProgressSource {
  /** Retries so far (429s waited out, transfers and calls retried). */
  retries(): number;
}

/**
 * The display that fits where stderr goes: a bar (items done, bytes moved, ETA, retries) on a terminal, plain
 * lines when it is a file or a pipe, nothing with `--json` (stdout then holds only the JSON document). Every
 * line is shown as `lineForHumans` shows it: without the key, a server's control characters escaped.
 */
export function createProgress(
  total: number,
  mode: "json" | "tty" | "plain",
  source: ProgressSource,
  stream: NodeJS.WriteStream = process.stderr,
): Progress {
  if (mode === "json") return silent;
  if (mode === "plain") return new PlainProgress(total, stream);
  return new BarProgress(total, source, stream);
}

/** The display mode for this process: the bar only when stderr is a terminal. */
export function progressMode(
  json: boolean,
  stream: NodeJS.WriteStream = process.stderr,
): "json" | "tty" | "plain" {
  if (json) return "json";
  return stream.isTTY ? "tty" : "plain";
}

const silent: Progress = {
  itemDone() {},
  bytes() {},
  log() {},
  stop() {},
};

class PlainProgress implements Progress {
  private done = 0;

  constructor(
    private readonly total: number,
    private readonly stream: NodeJS.WritableStream,
  ) {}

  itemDone(line: string): void {
    this.done++;
    this.stream.write(`[${this.done}/${this.total}] ${lineForHumans(line)}\n`);
  }

  bytes(): void {}

  log(line: string): void {
    this.stream.write(`${lineForHumans(line)}\n`);
  }

  stop(): void {}
}

class BarProgress implements Progress {
  private readonly bars: cliProgress.MultiBar;
  private readonly bar: cliProgress.SingleBar;
  private done = 0;
  private moved = 0;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    total: number,
    private readonly source: ProgressSource,
    stream: NodeJS.WriteStream,
  ) {
    this.bars = new cliProgress.MultiBar(
      {
        stream,
        format: "{bar} {value}/{total} items | {moved} | ETA {eta_formatted} | retries: {retries}",
        barsize: 24,
        hideCursor: true,
        clearOnComplete: false,
        etaBuffer: 20,
        fps: 5,
        // Before the first item ends the ETA is unknown: "?" rather than the library's "NULL"/"INF".
        formatTime: (t, options, round) =>
          Number.isFinite(t) ? cliProgress.Format.TimeFormat(t, options, round) : "?",
      },
      cliProgress.Presets.shades_classic,
    );
    this.bar = this.bars.create(total, 0, this.payload());
    // Bytes and retries change between items: refresh them even when no item finishes (the payload only: a
    // value would count as a step of no progress and spoil the ETA).
    this.timer = setInterval(() => this.bar.update(this.payload()), 500);
    this.timer.unref();
  }

  itemDone(line: string, failed = false): void {
    this.done++;
    if (failed) this.bars.log(`${lineForHumans(line)}\n`);
    this.bar.update(this.done, this.payload());
  }

  bytes(delta: number): void {
    this.moved += delta;
  }

  log(line: string): void {
    this.bars.log(`${lineForHumans(line)}\n`);
    // Drawn now, above the bar, rather than at the next refresh (which a stop would skip).
    this.bars.update();
  }

  stop(): void {
    clearInterval(this.timer);
    this.bar.update(this.done, this.payload());
    this.bars.stop();
  }

  private payload() {
    return { moved: formatBytes(this.moved), retries: this.source.retries() };
  }
}

/** A transfer's `onProgress` (bytes `loaded` so far) that adds the bytes moved since its last call to `progress`. */
export function countBytes(progress: Progress): (transfer: { loaded: number }) => void {
  let counted = 0;
  return ({ loaded }) => {
    progress.bytes(loaded - counted);
    counted = loaded;
  };
}

/** 1536 → "1.5 KiB". */
export function formatBytes(n: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
