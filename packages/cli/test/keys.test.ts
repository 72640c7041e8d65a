import { chmodSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Redactor } from "../src/redact";
import { createdDetector, emulator, picterra, picterraJson, pngFile, tempDir } from "./helpers";
import { hostileProxy, keyOf, testServer } from "./servers";

/** The forms a key can be printed in: as it is, inside a JSON string, in a URL. */
function formsOf(key: string): string[] {
  return [key, JSON.stringify(key).slice(1, -1), encodeURIComponent(key)];
}

/** Fails with the text when it holds any form of `key`. */
function expectNoKey(text: string, key: string): void {
  for (const form of formsOf(key)) expect(text.includes(form), `holds ${JSON.stringify(form)}`).toBe(false);
}

/** A key file only its owner may read. */
function keyFile(dir: string, text: string, mode = 0o600): string {
  const file = join(dir, "picterra.key");
  writeFileSync(file, text);
  chmodSync(file, mode);
  return file;
}

/** A server that refuses every request, echoing the key it was sent in the error's body. */
function echoingServer(status = 401) {
  return testServer(({ headers }) => ({
    status,
    body: JSON.stringify({ detail: `Invalid API key '${keyOf(headers)}'` }),
  }));
}

const KEY = 'k3y+/with"quote\\and%-0123456789abcdef';

describe("the API key is never printed", () => {
  it("a server echoing the key in an error: stderr and --json show [redacted]", async () => {
    const server = await echoingServer();
    const env = { PICTERRA_API_KEY: KEY, PICTERRA_BASE_URL: server.url };
    const human = await picterra(["whoami"], undefined, { env });
    expect(human.code).toBe(1);
    expect(human.stderr).toContain("[redacted]");
    expectNoKey(human.stdout + human.stderr, KEY);
    const { run, json } = await picterraJson(["whoami"], undefined, { env });
    expect(run.code).toBe(1);
    expect(json.error.body.detail).toBe("Invalid API key '[redacted]'");
    expectNoKey(run.stdout + run.stderr, KEY);
    // The key did go to the API's origin (it is the API key), and only there.
    expect(server.requests.every((r) => keyOf(r.headers) === KEY)).toBe(true);
  });

  it("a bulk run against a server echoing the key: no progress line, table, summary or journal line holds it", async () => {
    const emu = await emulator({ apiKey: KEY });
    const proxy = await hostileProxy(emu, ({ method, path, key }) =>
      method === "POST" && path.endsWith("/run/")
        ? { status: 400, body: JSON.stringify({ raster_id: [`no raster for key ${key}`] }) }
        : undefined,
    );
    const dir = tempDir();
    const detectorId = await createdDetector(emu);
    const out = join(dir, "out");
    const args = ["detect", "--detector", detectorId, pngFile(dir, "a.png"), "--out", out];
    const env = { PICTERRA_BASE_URL: proxy.url };
    const run = await picterra(args, emu, { env });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/no raster for key \[redacted\]/);
    const again = await picterraJson(args, emu, { env });
    expect(again.run.code).toBe(1);
    expect(again.json.items[0].error).toMatch(/no raster for key \[redacted\]/);
    for (const text of [run.stdout, run.stderr, again.run.stdout, again.run.stderr]) expectNoKey(text, KEY);
    for (const file of readdirSync(out)) expectNoKey(readFileSync(join(out, file), "utf8"), KEY);
  });

  it("for any key and any error body, stderr and --json never hold the key", async () => {
    const printable = fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c));
    const key = fc.string({ unit: printable, minLength: 12, maxLength: 48 });
    const body = fc.record({
      // Long enough for the key to straddle where core cuts a body for its message (500 characters).
      before: fc.string({ unit: "binary", maxLength: 520 }),
      after: fc.string({ unit: "binary", maxLength: 40 }),
      form: fc.constantFrom(0, 1, 2),
      times: fc.integer({ min: 1, max: 3 }),
      json: fc.boolean(),
      status: fc.constantFrom(400, 401, 403, 404, 500),
    });
    await fc.assert(
      fc.asyncProperty(key, body, async (k, b) => {
        const echoed = `${b.before}${formsOf(k)[b.form]!.repeat(b.times)}${b.after}`;
        const server = await testServer(() => ({
          status: b.status,
          headers: { "content-type": b.json ? "application/json" : "text/plain" },
          body: b.json ? JSON.stringify({ detail: echoed }) : echoed,
        }));
        const { run } = await picterraJson(["whoami"], undefined, {
          env: { PICTERRA_API_KEY: k, PICTERRA_BASE_URL: server.url },
        });
        expect(run.code).toBe(1);
        expectNoKey(run.stdout, k);
        expectNoKey(run.stderr, k);
      }),
      { numRuns: 12 },
    );
  });
});

/** The other forms a server may echo a key in: URL-encoded with lower-case hex, form-encoded, base64. */
function otherFormsOf(key: string): string[] {
  return [
    encodeURIComponent(key).replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()),
    new URLSearchParams({ k: key }).toString().slice(2),
    Buffer.from(key).toString("base64"),
    Buffer.from(`user:${key}`).toString("base64url"),
  ];
}

describe("the API key in a server's answer that is no error", () => {
  it("whoami's answer echoing the key lower-hex URL-encoded, form-encoded or base64: [redacted] on stdout and in --json", async () => {
    const forms = otherFormsOf(KEY);
    const server = await testServer(() => ({
      status: 200,
      body: JSON.stringify({ username: forms.join(" "), email: forms[2] }),
    }));
    const env = { PICTERRA_API_KEY: KEY, PICTERRA_BASE_URL: server.url };
    const human = await picterra(["whoami"], undefined, { env });
    const { run, json } = await picterraJson(["whoami"], undefined, { env });
    expect(human.code).toBe(0);
    expect(run.code).toBe(0);
    expect(json.username).toContain("[redacted]");
    for (const text of [human.stdout, human.stderr, run.stdout, run.stderr]) {
      for (const form of forms) expect(text.includes(form), `holds ${form}`).toBe(false);
    }
  });
});

describe("the API key's checks (before any request)", () => {
  it("the key file given by mistake as a JSON file (--band-spec): exit 2, no part of the key printed", async () => {
    const server = await echoingServer();
    const file = keyFile(tempDir(), `${KEY}\n`);
    const env = { PICTERRA_BASE_URL: server.url };
    const run = await picterra(
      ["--api-key-file", file, "rasters", "edit", "r1", "--band-spec", file],
      undefined,
      {
        env,
      },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("is not JSON");
    // V8's JSON error quotes ten characters around the fault: here, the key's start.
    expect(run.stdout + run.stderr).not.toContain(KEY.slice(0, 8));
    expect(server.requests).toEqual([]);
  });

  it("a key file may hold # comments, blank lines, a BOM and CRLF around its one key line", async () => {
    const emu = await emulator();
    const file = keyFile(
      tempDir(),
      `\uFEFF# Picterra, production\r\n\r\n   ${emu.apiKey}  \r\n# rotated monthly\r\n`,
    );
    const { run, json } = await picterraJson(["--api-key-file", file, "whoami"], undefined, {
      env: { PICTERRA_BASE_URL: emu.siteUrl },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(json.organization_name).toBe("Emulated organization");
  });

  it("a key file with a stray character, a second key line or no key: exit 2 naming the file and line, never its text", async () => {
    const emu = await emulator();
    const dir = tempDir();
    const cases: [string, RegExp][] = [
      [
        `# mine\n${emu.apiKey} # old one\n`,
        /line 2: the key holds a character an API key cannot hold \(character \d+, U\+0020\)/,
      ],
      [`${emu.apiKey}é\n`, /line 1: the key holds a character .*U\+00E9/],
      [`${emu.apiKey}\u0007\n`, /line 1: the key holds a character .*U\+0007/],
      [`${emu.apiKey}\n\n${emu.apiKey}x\n`, /line 3 is a second key line/],
      ["# nothing here\n\n", /holds no key/],
      ["short-key\n", /line 1: the key is 9 characters long/],
      [`${emu.apiKey}\n${"#".repeat(70_000)}\n`, /is larger than a key file \(65536 bytes at most\)/],
    ];
    for (const [text, message] of cases) {
      const file = keyFile(dir, text);
      const run = await picterra(["--api-key-file", file, "whoami"], undefined, {
        env: { PICTERRA_BASE_URL: emu.siteUrl },
      });
      expect(run.code, text).toBe(2);
      expect(run.stderr, text).toMatch(message);
      expect(run.stderr).toContain(file);
      expectNoKey(run.stdout + run.stderr, emu.apiKey);
      expect(run.stderr).not.toContain("short-key");
    }
    expect(emu.stats().requests).toBe(0);
  });

  it("a key file your group may read (0640) is refused, as ssh refuses it", async () => {
    const emu = await emulator();
    const file = keyFile(tempDir(), `${emu.apiKey}\n`, 0o640);
    const run = await picterra(["--api-key-file", file, "whoami"], undefined, {
      env: { PICTERRA_BASE_URL: emu.siteUrl },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/mode 640.*chmod 600/);
    expect(emu.stats().requests).toBe(0);
  });

  it("a blank, short or malformed PICTERRA_API_KEY is no key: exit 2, nothing sent, never echoed", async () => {
    const emu = await emulator();
    const cases: [string, RegExp][] = [
      ["   ", /PICTERRA_API_KEY is blank/],
      ["\t\n", /PICTERRA_API_KEY is blank/],
      ["tiny", /PICTERRA_API_KEY: the key is 4 characters long/],
      [`${emu.apiKey}\u001b[2J`, /PICTERRA_API_KEY: the key holds a character .*U\+001B/],
      [`${emu.apiKey} ${emu.apiKey}`, /PICTERRA_API_KEY: the key holds a character .*U\+0020/],
    ];
    for (const [value, message] of cases) {
      const run = await picterra(["whoami"], emu, { env: { PICTERRA_API_KEY: value } });
      expect(run.code, JSON.stringify(value)).toBe(2);
      expect(run.stderr).toMatch(message);
      expectNoKey(run.stderr, emu.apiKey);
      expect(run.stderr).not.toContain("tiny");
    }
    expect(emu.stats().requests).toBe(0);
  });
});

describe("the redactor", () => {
  it("replaces every form of the key, until none is left, and a key's start where a text was cut", () => {
    const redactor = new Redactor();
    const key = "ted]abcdefghijklmnop";
    redactor.add(key);
    // Replacing the first key leaves "[redacted]abcdefghijklmnop", which holds the key again.
    expect(redactor.text(`${key}abcdefghijklmnop`)).not.toContain(key);
    expect(redactor.text(`x ${encodeURIComponent(key)} y`)).toBe("x [redacted] y");
    expect(redactor.text(`${"a".repeat(10)}${key.slice(0, 12)}…`)).toBe(`${"a".repeat(10)}[redacted]…`);
    for (const form of otherFormsOf(key)) expect(redactor.text(`x ${form} y`)).not.toContain(form);
    // Data: keys and values alike, "__proto__" kept a key.
    const data = JSON.parse(`{"__proto__": {"${key}": ["${key}"]}, "n": 1}`);
    expect(JSON.stringify(redactor.value(data))).toBe('{"__proto__":{"[redacted]":["[redacted]"]},"n":1}');
  });
});
