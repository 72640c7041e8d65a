// Chromium and the static server are the browser tests' own (apps/browser), so that every page of the
// repository runs the same way.
export { CHROMIUM, launchChromium } from "../../../apps/browser/test/chromium";
export { serveStatic } from "../../../apps/browser/test/static-server";

/** The page a `ts browser` block runs in: it imports the bundle and says in `data-state` how that ended. */
export function harnessPage(bundle: string): string {
  return `<!doctype html><meta charset="utf-8"><title>example</title><body><pre id="out"></pre><script type="module">
import("./${bundle}").then(
  () => { document.body.dataset.state = "done"; },
  (e) => { document.getElementById("out").textContent = String((e && e.stack) || e); document.body.dataset.state = "error"; },
);
</script>`;
}
