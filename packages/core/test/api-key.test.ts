import nock from "nock";
import { afterEach, describe, expect, it, vi } from "vitest";
import { PicterraError, ValidationError, createClient } from "../src/index";
import { BASE_URL, KEY, api, countUnmatched, p, useNock } from "./helpers";

useNock();
afterEach(() => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
});

/** What `createClient` throws for these options, or undefined when it makes a client. */
function thrown(options: Parameters<typeof createClient>[0]): unknown {
  try {
    createClient(options);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("the API key's characters are checked before any use", () => {
  it.each([
    ["a trailing newline", `${KEY}\n`, undefined],
    ["a line break inside", `${KEY.slice(0, 8)}\n${KEY.slice(8)}`, "a line break at position 9"],
    ["a second line (a comment pasted with it)", `${KEY}\n# my key`, "a line break at position"],
    ["a carriage return inside", `ab\rcd${KEY}`, "a line break at position 3"],
    ["a NUL", `${KEY}\u0000x`, "a control character at position"],
    ["a tab inside", `${KEY.slice(0, 4)}\t${KEY.slice(4)}`, "a control character at position 5"],
    ["a non-ASCII character", `${KEY}é`, "a non-ASCII character at position"],
    ["DEL", `${KEY}\u007fx`, "a control character at position"],
  ])("%s: a ValidationError that never shows the key, or the key trimmed", async (_, key, message) => {
    const unmatched = countUnmatched();
    const error = thrown({ apiKey: key, baseUrl: BASE_URL });
    if (message === undefined) {
      // Surrounding whitespace is trimmed: the key is sent as it should have been.
      expect(error).toBeUndefined();
      const scope = api().get(p("/rasters/r1/")).reply(200, { id: "r1" });
      expect(await createClient({ apiKey: key, baseUrl: BASE_URL }).getRaster("r1")).toEqual({ id: "r1" });
      scope.done();
      return;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).toContain("the key is not shown");
    for (const shown of [String(error), (error as Error).stack, JSON.stringify(error)]) {
      expect(shown).not.toContain(KEY.slice(0, 8));
      expect(shown).not.toContain(KEY.slice(8));
    }
    unmatched.stop();
    expect(unmatched.count).toBe(0);
  });

  it("surrounding spaces and tabs are trimmed, from the option and from PICTERRA_API_KEY", async () => {
    vi.stubEnv("PICTERRA_API_KEY", `  ${KEY}\t\n`);
    const scope = api().get(p("/rasters/r1/")).times(2).reply(200, { id: "r1" });
    await createClient({ baseUrl: BASE_URL }).getRaster("r1");
    await createClient({ apiKey: ` ${KEY} `, baseUrl: BASE_URL }).getRaster("r1");
    scope.done();
  });

  it('PICTERRA_API_KEY="   " is no key: the "no Picterra API key" ValidationError, nothing sent', () => {
    vi.stubEnv("PICTERRA_API_KEY", "   ");
    const unmatched = countUnmatched();
    const error = thrown({ baseUrl: BASE_URL });
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toContain("no Picterra API key");
    expect(thrown({ apiKey: " \t ", baseUrl: BASE_URL })).toBeInstanceOf(ValidationError);
    unmatched.stop();
    expect(unmatched.count).toBe(0);
  });

  it("a key that is not a string is a ValidationError", () => {
    const error = thrown({ apiKey: 1234 as never, baseUrl: BASE_URL });
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toBe("apiKey must be a string, got number");
  });

  it("a userAgent with a line break is a ValidationError, not a TypeError at the first request", () => {
    const error = thrown({ apiKey: KEY, baseUrl: BASE_URL, userAgent: "my-app/1\r\nX-Evil: 1" });
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toContain("userAgent has a line break at position 9");
  });
});

describe("a runtime that refuses to read the environment (Deno without --allow-env)", () => {
  /** A `process` whose `env` throws like Deno's NotCapable; `createClient` reads it at call time. */
  function denyEnv(): void {
    class NotCapable extends Error {
      override name = "NotCapable";
    }
    const process = {
      get env(): never {
        throw new NotCapable(
          'Requires env access to "PICTERRA_API_KEY", run again with the --allow-env flag',
        );
      },
      versions: {},
    };
    vi.stubGlobal("process", process);
  }

  it("no apiKey given: a ValidationError naming --allow-env, never a raw NotCapable", () => {
    let error: unknown;
    denyEnv();
    try {
      createClient({ baseUrl: BASE_URL });
    } catch (e) {
      error = e;
    } finally {
      vi.unstubAllGlobals();
    }
    expect(error).toBeInstanceOf(PicterraError);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toContain("--allow-env=PICTERRA_API_KEY");
    expect(((error as Error).cause as Error).name).toBe("NotCapable");
  });

  it("apiKey given: PICTERRA_BASE_URL unreadable counts as unset (the default site), and the call goes", async () => {
    let client: ReturnType<typeof createClient> | undefined;
    denyEnv();
    try {
      client = createClient({ apiKey: KEY });
    } finally {
      vi.unstubAllGlobals();
    }
    expect(client.baseUrl).toBe("https://app.picterra.ch/public/api/v2");
    const scope = nock("https://app.picterra.ch").get("/public/api/v2/rasters/r1/").reply(200, { id: "r1" });
    expect(await client.getRaster("r1")).toEqual({ id: "r1" });
    scope.done();
  });
});
