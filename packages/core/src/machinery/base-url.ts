import { ValidationError } from "./errors";
import { show } from "./validate";

/** Picterra's site root: what Picterra's own clients take as base URL since 2024; each API lives under it. */
export const DEFAULT_SITE_URL = "https://app.picterra.ch/";

/** Where Picterra's public APIs live under a site root. */
const API_PATH_MARKER = "/public/api/";

/**
 * The base URL of one API (`productPath`, e.g. `public/api/v2/`) from what the user gave: a site root
 * (`https://app.picterra.ch/`, joined with the product path as RFC 3986 says), the API's own full URL (kept as
 * it is), or another Picterra API's full URL (its site root is used). Always ends with a slash.
 */
export function resolveApiUrl(given: string, productPath: string): string {
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw new ValidationError(`baseUrl must be an absolute http(s) URL, got ${shownUrl(given)}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ValidationError(`baseUrl must be an http(s) URL, got ${shownUrl(given)}`);
  }
  if (url.username || url.password) {
    throw new ValidationError("baseUrl must not hold credentials: pass the API key as apiKey");
  }
  url.search = "";
  url.hash = "";
  const path = url.pathname.endsWith("/") ? url.pathname : `${url.pathname}/`;
  if (path.endsWith(`/${productPath}`)) {
    url.pathname = path;
    return url.href;
  }
  const marker = path.indexOf(API_PATH_MARKER);
  url.pathname = marker === -1 ? path : path.slice(0, marker + 1);
  return new URL(productPath, url).href;
}

/**
 * A base URL as a message shows it: without what stands between `//` and `@` (a user and password, even in a
 * text that does not parse), quoted and escaped by `show`.
 */
function shownUrl(given: unknown): string {
  return show(typeof given === "string" ? given.replace(/\/\/[^/?#]*@/, "//…@") : given);
}
