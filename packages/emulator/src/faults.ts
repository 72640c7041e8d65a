import type { FaultKind, ResolvedFaults } from "./options";

/** mulberry32: a tiny seeded PRNG, so that a run with the same seed sees the same faults. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The bodies of injected error answers, as a proxy in front of a DRF service would give them. */
export const FAULT_BODIES: Record<"429" | "502" | "503" | "504", (retryAfter: number) => { detail: string }> =
  {
    "429": (s) => ({
      detail: `Request was throttled. Expected available in ${s} second${s === 1 ? "" : "s"}.`,
    }),
    "502": () => ({ detail: "Bad gateway." }),
    "503": () => ({ detail: "Service temporarily unavailable, try again later." }),
    "504": () => ({ detail: "Gateway timeout." }),
  };

/** Faults in the body of a download: only storage GETs can get them. */
export const BODY_FAULTS = new Set<FaultKind>(["stall", "cut"]);

/** Decides, before a request is handled, whether it gets a fault (so a faulted request changed nothing). */
export class FaultInjector {
  private readonly random: () => number;
  private readonly apiKinds: FaultKind[];
  count = 0;

  constructor(readonly options: ResolvedFaults) {
    this.random = mulberry32(options.seed);
    this.apiKinds = options.kinds.filter((k) => !BODY_FAULTS.has(k));
  }

  /** Draws for one request; `storage` tells a storage GET from an API call. */
  draw(method: string, storage: boolean): FaultKind | null {
    if (storage ? !this.options.storage || (method !== "GET" && method !== "HEAD") : false) return null;
    if (!storage && !this.options.methods.has(method)) return null;
    const kinds = storage ? this.options.kinds : this.apiKinds;
    // Requests that cannot get a fault draw nothing, so that they do not shift the others' draws.
    if (kinds.length === 0 || this.count >= this.options.limit) return null;
    if (this.random() >= this.options.rate) return null;
    const kind = kinds[Math.floor(this.random() * kinds.length)] ?? kinds[0]!;
    this.count++;
    return kind;
  }
}
