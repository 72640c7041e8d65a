/** `url` resolved against `base`, or undefined when it is not a URL (server text is not trusted to be one). */
export function parseUrl(url: string, base?: string | URL): URL | undefined {
  try {
    return new URL(url, base);
  } catch {
    return undefined;
  }
}

/**
 * A URL safe to show: credentials and fragment removed, and without its query string unless `keepQuery`
 * (signed storage URLs carry their signature there; API URLs' queries are only filters).
 */
export function redactUrl(url: string, keepQuery = false): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    const cut = url.replace(/#[\s\S]*$/, "");
    return keepQuery ? cut : cut.replace(/\?[\s\S]*$/, (q) => (q.length > 1 ? "?…" : ""));
  }
  parsed.username = "";
  parsed.password = "";
  parsed.hash = "";
  if (!keepQuery && parsed.search) return `${parsed.origin}${parsed.pathname}?…`;
  return parsed.href;
}

/**
 * Storage error bodies can echo the signed URL's parameters (S3's `<SignatureProvided>`, a canonical request),
 * and the error message carries the body: every long query value of `url` is cut out of it.
 */
export function scrubSignedQuery(body: unknown, url: string): unknown {
  if (typeof body !== "string" || body === "") return body;
  let params: URLSearchParams;
  try {
    params = new URL(url).searchParams;
  } catch {
    return body;
  }
  let text = body;
  for (const value of new Set(params.values())) {
    if (value.length < 8) continue;
    for (const form of new Set([value, encodeURIComponent(value)])) text = text.split(form).join("…");
  }
  return text;
}
