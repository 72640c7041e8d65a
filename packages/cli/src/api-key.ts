import { open, stat } from "node:fs/promises";
import { UsageError } from "./errors";
import { MIN_SECRET_LENGTH, redactor } from "./redact";

/** What the CLI takes as an API key; see the README's "key file" paragraph. */
export const API_KEY_LIMITS = Object.freeze({
  /** Shorter keys are refused: they could not be kept out of what the CLI prints (see redact.ts). */
  minLength: MIN_SECRET_LENGTH,
  maxLength: 512,
  /** A key file larger than this is not a key file (an image given by mistake, say): refused unread. */
  maxFileBytes: 64 * 1024,
});

/** Printable ASCII without the space: what an HTTP header carries as it is (Picterra's keys are such). */
const KEY_CHARACTERS = /^[\x21-\x7e]*$/;

/**
 * The API key: from `--api-key-file` when given, else `PICTERRA_API_KEY`. Never from the command line, where it
 * would land in shell history and `ps`. Checked before any use: a blank, short or malformed key is bad usage
 * (exit 2, nothing sent), and no message holds the key or a piece of it. The key is redacted from everything the
 * process prints or writes from now on.
 */
export async function resolveApiKey(
  file: string | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<string> {
  if (file !== undefined) return readKeyFile(file);
  const raw = env.PICTERRA_API_KEY;
  if (raw === undefined || raw.trim() === "") {
    throw new UsageError(
      `no Picterra API key: ${raw === undefined ? "set" : "PICTERRA_API_KEY is blank: set it to your key in"} PICTERRA_API_KEY, or pass --api-key-file <path> (a file only you can read)`,
    );
  }
  const key = raw.trim();
  redactor.add(key);
  return checkKey(key, "PICTERRA_API_KEY");
}

/** Reads a key file: refused when anyone but its owner may open it (as ssh does), or when it is no key file. */
async function readKeyFile(file: string): Promise<string> {
  const info = await stat(file).catch(() => {
    throw new UsageError(`--api-key-file: cannot read '${file}'`);
  });
  if (info.isDirectory()) throw new UsageError(`--api-key-file: '${file}' is a folder`);
  if (process.platform !== "win32" && (info.mode & 0o077) !== 0) {
    throw new UsageError(
      `--api-key-file: '${file}' can be read by other users or your group (mode ${(info.mode & 0o777).toString(8)}; only you may have access): run chmod 600 '${file}'`,
    );
  }
  const text = await readCapped(file);
  const key = keyOfFile(text, file);
  redactor.add(key);
  return checkKey(key, `--api-key-file: '${file}' line ${lineOfKey(text)}`);
}

/** A file's text, refused when longer than a key file can be (a FIFO's size is unknown: it is read up to that). */
async function readCapped(file: string): Promise<string> {
  const handle = await open(file, "r").catch(() => {
    throw new UsageError(`--api-key-file: cannot read '${file}'`);
  });
  try {
    const max = API_KEY_LIMITS.maxFileBytes;
    const buffer = Buffer.alloc(max + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > max) {
        throw new UsageError(`--api-key-file: '${file}' is larger than a key file (${max} bytes at most)`);
      }
    }
    return buffer.subarray(0, length).toString("utf8");
  } finally {
    await handle.close();
  }
}

/** The lines of a key file that are neither blank nor `#` comments, with their 1-based numbers. */
function keyLines(text: string): { line: number; value: string }[] {
  return text
    .replace(/^\uFEFF/, "")
    .split(/\r\n|\r|\n/)
    .flatMap((line, i) => {
      const value = line.trim();
      return value === "" || value.startsWith("#") ? [] : [{ line: i + 1, value }];
    });
}

/**
 * The key a key file holds: its one line that is not blank and not a `#` comment, trimmed. A file with no
 * such line, or with two, is bad usage naming the file and the line (never its text).
 */
export function keyOfFile(text: string, file: string): string {
  const lines = keyLines(text);
  if (lines.length === 0) {
    throw new UsageError(`--api-key-file: '${file}' holds no key (only blank lines and # comments)`);
  }
  if (lines.length > 1) {
    throw new UsageError(
      `--api-key-file: '${file}' line ${lines[1]!.line} is a second key line: the file holds the key on one line (blank lines and lines starting with # are ignored)`,
    );
  }
  return lines[0]!.value;
}

function lineOfKey(text: string): number {
  return keyLines(text)[0]?.line ?? 1;
}

/**
 * `key` if it can be an API key: long enough, not too long, printable ASCII without spaces. The message of a
 * refusal says where the key came from (`where`) and what is wrong, by position, never with the key's text.
 */
export function checkKey(key: string, where: string): string {
  const { minLength, maxLength } = API_KEY_LIMITS;
  if (!KEY_CHARACTERS.test(key)) {
    const at = [...key].findIndex((c) => !KEY_CHARACTERS.test(c));
    const code = key.codePointAt([...key].slice(0, at).join("").length) ?? 0;
    throw new UsageError(
      `${where}: the key holds a character an API key cannot hold (character ${at + 1}, U+${code.toString(16).toUpperCase().padStart(4, "0")}): the key is printable ASCII without spaces`,
    );
  }
  if (key.length < minLength || key.length > maxLength) {
    throw new UsageError(
      `${where}: the key is ${key.length} characters long; an API key has ${minLength} to ${maxLength}`,
    );
  }
  return key;
}
