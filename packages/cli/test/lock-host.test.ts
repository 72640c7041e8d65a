import { afterEach, describe, expect, it, vi } from "vitest";

// Under a runtime that asks permission to read the host's name (Deno without --allow-sys), os.hostname throws.
vi.mock("node:os", async (original) => ({
  ...(await original<typeof import("node:os")>()),
  hostname: vi.fn(() => {
    throw new Error('NotCapable: Requires sys access to "hostname"');
  }),
}));

afterEach(() => {
  vi.resetModules();
});

describe("a host whose name cannot be read", () => {
  it("loads the lock module (commands that take no lock still run) and gets a name of its own", async () => {
    const { THIS_PROCESS } = await import("../src/bulk/lock");
    expect(THIS_PROCESS.hostname).toMatch(/^unknown host [0-9a-f]{12}$/);
    // The same for the whole process: its own locks stay its own.
    expect(THIS_PROCESS.hostname).toBe(THIS_PROCESS.hostname);
  });
});
