import type { IncomingMessage, ServerResponse } from "node:http";
import { CORS_HEADERS, sendJson } from "../http";
import { outcomeLabel } from "./outcome";
import type { TracerStore } from "./state";

/** Where the emulator serves the web page of an analysis (the `url` of `GET plots_analyses/{id}/`). */
export const ANALYSIS_PAGES = "/tracer/plots_analyses/";

export function analysisPageUrl(origin: string, analysisId: string): string {
  return `${origin}${ANALYSIS_PAGES}${encodeURIComponent(analysisId)}/`;
}

/**
 * The analysis's page, as Picterra's web interface shows one to a signed-in user: its name, period and one row
 * per plot with its outcome. Like a web page it needs no API key; an unknown analysis is a 404.
 */
export function sendAnalysisPage(
  req: IncomingMessage,
  res: ServerResponse,
  store: TracerStore,
  path: string,
): number {
  let id = "";
  try {
    id = decodeURIComponent(path.slice(ANALYSIS_PAGES.length).replace(/\/$/, ""));
  } catch {
    // a malformed escape names no analysis
  }
  const analysis = store.analyses.get(id);
  if (req.method !== "GET" && req.method !== "HEAD") {
    sendJson(req, res, 405, { detail: `Method "${req.method}" not allowed.` }, { Allow: "GET, HEAD" });
    return 405;
  }
  if (!analysis) {
    sendJson(req, res, 404, { detail: "Not found." });
    return 404;
  }
  const group = store.plotsGroups.get(analysis.plotsGroupId);
  const rows = analysis.results
    .map(
      (r) =>
        `<tr><td>${escapeHtml(r.plotId)}</td><td>${r.areaHa.toFixed(2)}</td><td>${outcomeLabel(r.outcome)}</td>` +
        `<td>${r.forestLossDate ?? "-"}</td></tr>`,
    )
    .join("\n");
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(analysis.name)} - Picterra Tracer (emulated)</title></head>
<body>
<h1>${escapeHtml(analysis.name)}</h1>
<p>Plots group ${escapeHtml(group?.name ?? analysis.plotsGroupId)}, ${escapeHtml(store.methodologyOf(analysis).name)},
from ${analysis.dateFrom} to ${analysis.dateTo}.</p>
<table>
<thead><tr><th>Plot id</th><th>Area (ha)</th><th>Outcome</th><th>Forest loss on</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</body></html>
`;
  const body = Buffer.from(html);
  res.writeHead(200, {
    ...CORS_HEADERS,
    "Content-Type": "text/html; charset=utf-8",
    "Content-Length": String(body.byteLength),
  });
  res.end(req.method === "HEAD" ? undefined : body);
  return 200;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
