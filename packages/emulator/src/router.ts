import type { Route } from "./spec";

interface PathEntry {
  segments: string[];
  literalCount: number;
  byMethod: Map<string, Route>;
}

export interface Match {
  byMethod: Map<string, Route>;
  params: Record<string, string>;
}

/** Matches a path (relative to the API base) to the document's path templates; literal segments win. */
export class Router {
  private readonly entries: PathEntry[] = [];

  constructor(routes: Route[]) {
    const byTemplate = new Map<string, PathEntry>();
    for (const route of routes) {
      let entry = byTemplate.get(route.template);
      if (!entry) {
        entry = { segments: route.segments, literalCount: route.literalCount, byMethod: new Map() };
        byTemplate.set(route.template, entry);
        this.entries.push(entry);
      }
      entry.byMethod.set(route.method, route);
    }
    // `/rasters/import/` must win over `/rasters/{raster_id}/`.
    this.entries.sort((a, b) => b.literalCount - a.literalCount);
  }

  /** The path item a path names, with its decoded parameters; null when none (or when the path lacks its slash). */
  match(path: string): Match | null {
    if (!path.endsWith("/")) return null;
    const parts = path.split("/").filter((s) => s !== "");
    for (const entry of this.entries) {
      if (entry.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < parts.length && ok; i++) {
        const segment = entry.segments[i]!;
        const part = parts[i]!;
        if (segment.startsWith("{")) {
          const value = decode(part);
          if (value === null) ok = false;
          else params[segment.slice(1, -1)] = value;
        } else {
          ok = segment === part;
        }
      }
      if (ok) return { byMethod: entry.byMethod, params };
    }
    return null;
  }
}

function decode(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}
