import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, createdDetector, emulator, envFor, finished, pngFile, tempDir } from "./helpers";

// util-linux's `script` gives the bin a pseudo-terminal, as a person's shell would.
const hasScript = spawnSync("script", ["--version"]).status === 0;

describe.skipIf(!hasScript)("on a terminal", () => {
  it("draws a progress bar: items done, bytes moved, ETA, retries", async () => {
    const emu = await emulator();
    const dir = tempDir();
    const files = Array.from({ length: 3 }, (_, i) => pngFile(dir, `p${i}.png`));
    const detectorId = await createdDetector(emu);
    const command = [
      process.execPath,
      BIN,
      "detect",
      "--detector",
      detectorId,
      ...files,
      "--out",
      join(dir, "out"),
    ]
      .map((a) => `'${a}'`)
      .join(" ");
    // Not spawnSync: the emulator answers from this process's event loop.
    const child = spawn("script", ["-q", "-e", "-c", command, "/dev/null"], {
      env: { ...envFor(emu), COLUMNS: "120", LINES: "30" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const { code, stdout: screen } = await finished(child);
    expect(code).toBe(0);
    // The bar is redrawn in place (cursor to column 1, line cleared) and ends complete.
    expect(screen).toContain("\u001b[1G");
    expect(screen).toMatch(/[█░]+ 3\/3 items \| 99 B \| ETA 0s \| retries: 0/);
    expect(screen).toMatch(/[█░]+ [0-2]\/3 items \|/);
    // Plain lines are for pipes only.
    expect(screen).not.toMatch(/\[1\/3\]/);
    expect(screen).toMatch(/3 done, 0 failed/);
  });
});
