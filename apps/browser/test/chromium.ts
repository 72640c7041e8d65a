import { type Browser, chromium } from "playwright-core";

// How every browser test of the repository drives Chromium (this app's tests, the runtime matrix's Vite case,
// the docs runner's browser blocks and reference site): Debian's package, headless, with nothing of its own
// reaching out to the network.

/** Where the tests expect Debian's `chromium` package. */
export const CHROMIUM = "/usr/bin/chromium";

/** Starts headless Chromium with the project's flags. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-quic",
      "--disable-sync",
    ],
  });
}
