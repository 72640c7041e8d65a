import { randomBytes } from "node:crypto";
import { unlinkSync } from "node:fs";
import { link, open, readFile, unlink, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { UsageError } from "../errors";

/** Who holds a lock: written in the lock file, whole (the file is linked into place with its content). */
export interface LockOwner {
  pid: number;
  hostname: string;
  /** Unique to this taking of the lock: tells a lock apart from a later one of the same process. */
  nonce: string;
  since: string;
}

/** Who this process is, and how to tell whether a process lives (options as data, for tests). */
export interface LockIdentity {
  pid: number;
  hostname: string;
  /** Whether process `pid` of this host still runs. */
  isAlive: (pid: number) => boolean;
}

let host: string | undefined;

/**
 * This host's name, read on first use (not when the module loads: a command that takes no lock, under a
 * runtime that asks permission to read it, such as Deno without --allow-sys, must not fail). A host whose name
 * cannot be read gets one of its own, so that its runs never take over a lock they cannot prove dead.
 */
function thisHost(): string {
  if (host === undefined) {
    try {
      host = hostname();
    } catch {
      host = `unknown host ${randomBytes(6).toString("hex")}`;
    }
  }
  return host;
}

/** This process. */
export const THIS_PROCESS: LockIdentity = Object.freeze({
  pid: process.pid,
  get hostname() {
    return thisHost();
  },
  isAlive: (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      // EPERM: it runs, as another user.
      return (error as NodeJS.ErrnoException).code === "EPERM";
    }
  },
});

/** The nonces of the locks this process holds: a lock with this process's pid but another nonce is a dead one. */
const HELD = new Set<string>();

/** How many times a taker goes round (the lock freed or taken over under its feet) before it gives up. */
const ATTEMPTS = 5;

/**
 * An exclusive lock on a journal, held for a whole run: a file made with an exclusive create, holding who took
 * it. A lock whose process is gone from this host (a run killed with kill -9) is taken over; one held by a
 * running process, or by another host (where its process cannot be seen), is refused.
 *
 * Taking over is a race between every run that finds the same dead lock: each must first make a marker file
 * named after that lock's nonce (an exclusive create, so one taker at a time), then checks under it that the
 * lock file still is the dead one before it deletes it, and finally competes for the lock with an exclusive
 * create like anyone else. A lock is only deleted by its holder or by the one taker of its marker, so a live
 * lock is never deleted by mistake.
 */
export class JournalLock {
  private released = false;
  private readonly onExit = () => {
    // The process ends without its `finally` (a second Ctrl-C): the lock goes with it, as far as it can.
    try {
      unlinkSync(this.path);
    } catch {}
  };

  private constructor(
    readonly path: string,
    readonly owner: LockOwner,
  ) {
    HELD.add(owner.nonce);
    process.once("exit", this.onExit);
  }

  /** Takes the lock at `path` for `journal` (named in messages); a UsageError when another run holds it. */
  static async acquire(path: string, journal: string, me: LockIdentity = THIS_PROCESS): Promise<JournalLock> {
    const owner: LockOwner = {
      pid: me.pid,
      hostname: me.hostname,
      nonce: randomBytes(12).toString("hex"),
      since: new Date().toISOString(),
    };
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      if (await createExclusive(path, owner)) return new JournalLock(path, owner);
      const holder = await readOwner(path);
      if (holder === "gone") continue;
      if (holder === "unreadable") throw unreadableLock(path, journal);
      if (!isStale(holder, me)) throw heldBy(holder, path, journal);
      await takeOver(path, holder, owner, me, journal);
    }
    throw new UsageError(
      `the journal '${journal}' is being taken by other runs at the same time: run again when they are done`,
    );
  }

  /** Gives the lock up (deleting its file); a second call does nothing. */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    HELD.delete(this.owner.nonce);
    process.off("exit", this.onExit);
    await unlink(this.path).catch(() => undefined);
  }
}

/** Deletes the dead lock `stale` at `path` if it still is there, holding its marker; a live taker is refused. */
async function takeOver(
  path: string,
  stale: LockOwner,
  owner: LockOwner,
  me: LockIdentity,
  journal: string,
): Promise<void> {
  const marker = `${path}.${stale.nonce}.takeover`;
  if (!(await createExclusive(marker, owner))) {
    const taker = await readOwner(marker);
    if (taker === "gone") return;
    if (taker !== "unreadable" && !isStale(taker, me)) throw heldBy(taker, path, journal);
    // A taker killed while it held the marker: its marker goes, and the next round starts over.
    await unlink(marker).catch(() => undefined);
    return;
  }
  try {
    const now = await readOwner(path);
    if (typeof now === "object" && now.nonce === stale.nonce) await unlink(path).catch(() => undefined);
  } finally {
    await unlink(marker).catch(() => undefined);
  }
}

/**
 * Creates `path` holding `owner`, only if no file is there: the content is written to a temporary file first and
 * hard-linked into place (atomic, and the file is never seen half written). Where hard links are not supported,
 * an exclusive open and a write. False when the file exists.
 */
async function createExclusive(path: string, owner: LockOwner): Promise<boolean> {
  const content = `${JSON.stringify(owner)}\n`;
  const temp = `${path}.${randomBytes(6).toString("hex")}.tmp`;
  await writeFile(temp, content, { flag: "wx" });
  try {
    await link(temp, path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return false;
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "ENOSYS" && code !== "EOPNOTSUPP") throw error;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
  const handle = await open(path, "wx").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "EEXIST") return undefined;
    throw error;
  });
  if (!handle) return false;
  try {
    await handle.writeFile(content);
  } finally {
    await handle.close();
  }
  return true;
}

/** Who holds the lock file at `path`; "gone" when there is none, "unreadable" when it holds no owner. */
async function readOwner(path: string): Promise<LockOwner | "gone" | "unreadable"> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "gone";
    return "unreadable";
  }
  try {
    const owner = JSON.parse(text) as Partial<LockOwner> | null;
    if (
      typeof owner?.pid === "number" &&
      typeof owner.hostname === "string" &&
      typeof owner.nonce === "string" &&
      // It names the takeover marker: letters and digits only, never a path.
      /^[A-Za-z0-9]{1,64}$/.test(owner.nonce) &&
      typeof owner.since === "string"
    ) {
      return owner as LockOwner;
    }
  } catch {}
  return "unreadable";
}

/**
 * A lock is stale when its process is gone from this host (another host's processes cannot be seen). A lock
 * with this process's own pid that this process did not take is a dead process's whose pid came back (a
 * container's runs often all have the same pid).
 */
function isStale(owner: LockOwner, me: LockIdentity): boolean {
  if (owner.hostname !== me.hostname) return false;
  if (owner.pid === me.pid) return !HELD.has(owner.nonce);
  return !me.isAlive(owner.pid);
}

function heldBy(owner: LockOwner, path: string, journal: string): UsageError {
  return new UsageError(
    `another run (pid ${owner.pid} on ${owner.hostname}, since ${owner.since}) is using the journal '${journal}': wait for it to end, or give this run another --out (or --journal). If that run is gone, delete '${path}'`,
  );
}

function unreadableLock(path: string, journal: string): UsageError {
  return new UsageError(
    `the journal '${journal}' is locked by '${path}', which names no run: if no picterra run is using the journal, delete it`,
  );
}
