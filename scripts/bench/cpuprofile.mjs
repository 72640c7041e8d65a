// Reading V8 .cpuprofile files (what `node --cpu-prof` writes): the samples inside a time window, each sample's
// stack, its package, and where its time goes by category rules.
import { readFileSync } from "node:fs";

/** Loads a profile: nodes by id with their parents, and each sample's node, timestamp and duration (µs). */
export function loadProfile(path) {
  const p = JSON.parse(readFileSync(path, "utf8"));
  const nodes = new Map(p.nodes.map((n) => [n.id, { ...n, parent: undefined }]));
  for (const n of nodes.values()) for (const c of n.children ?? []) nodes.get(c).parent = n;
  const stamps = [];
  let t = p.startTime;
  for (const d of p.timeDeltas) {
    t += d;
    stamps.push(t);
  }
  // A sample stands for the time until the next one (the last one: the profile's end).
  const durations = stamps.map((s, i) => (i + 1 < stamps.length ? stamps[i + 1] : p.endTime) - s);
  return { nodes, samples: p.samples, stamps, durations };
}

/** The package a frame belongs to, from its script URL. */
export function packageOf({ url, functionName }) {
  if (!url) return functionName.startsWith("(") ? functionName : "(V8 builtin)";
  if (url.includes("internal/deps/undici")) return "undici (Node's fetch)";
  if (url.includes("/openapi-fetch/")) return "openapi-fetch";
  const ws = /packages\/([\w-]+)\/dist\//.exec(url);
  if (ws) return `@picterra/${ws[1]}`;
  if (url.includes("/scripts/bench/")) return "the bench loop";
  if (url.startsWith("node:")) {
    const path = url.slice(5).replace(/^internal\//, "");
    if (/^(streams|stream)/.test(path)) return "node streams";
    if (/^(fs|fs\/)/.test(path)) return "node fs";
    if (/^_http|^http/.test(path)) return "node http";
    if (/^(net|stream_base_commons|dns)/.test(path)) return "node net";
    if (/^(abort_controller|event_target|events)/.test(path) || path === "events")
      return "node events/AbortSignal";
    if (/^timers/.test(path)) return "node timers";
    if (/^(url|querystring)/.test(path)) return "node url";
    if (/^(buffer|blob)/.test(path)) return "node buffer";
    if (/^(process\/task_queues|async_hooks)/.test(path)) return "node task queues";
    return `node ${path.split("/")[0]}`;
  }
  const nm = /node_modules\/((?:@[\w.-]+\/)?[\w.-]+)\//.exec(url);
  return nm ? nm[1] : url;
}

/** The frames from the root to `node` (memoised on the node). */
function stackOf(node) {
  if (node.stack) return node.stack;
  const frames = [];
  for (let n = node; n; n = n.parent) frames.push(n.callFrame);
  node.stack = frames.reverse().slice(1); // without (root)
  return node.stack;
}

const named = (name) =>
  typeof name === "string" ? (f) => f.functionName === name : (f) => name.test(f.functionName);

/** Helpers to write category rules over a stack (root first); a function name is a string or a RegExp. */
export const on = {
  leaf: (name) => (stack) => stack.at(-1)?.functionName === name,
  fn: (pkg, name) => {
    const is = named(name);
    return (stack) => stack.some((f) => is(f) && packageOf(f) === pkg);
  },
  pkg: (pkg) => (stack) => stack.some((f) => packageOf(f) === pkg),
  leafPkg:
    (...pkgs) =>
    (stack) =>
      pkgs.includes(packageOf(stack.at(-1) ?? { url: "", functionName: "" })),
  /** A frame named `inner` (of `innerPkg`) somewhere under a frame named `outer` (of `outerPkg`). */
  under: (outerPkg, outer, innerPkg, inner) => {
    const isOuter = named(outer);
    const isInner = named(inner);
    return (stack) => {
      const i = stack.findIndex((f) => isOuter(f) && packageOf(f) === outerPkg);
      return i >= 0 && stack.slice(i + 1).some((f) => isInner(f) && packageOf(f) === innerPkg);
    };
  },
  any: () => () => true,
};

/**
 * Where the time of the samples inside `windows` ([t0, t1] pairs, µs on the profile's clock) goes: per category (the first rule whose test holds for the
 * sample's stack), with the top self-time functions of each; per package of the leaf frame (self time); and
 * the top self-time functions overall. Times in µs.
 */
export function analyze(profile, { windows = [[-Infinity, Infinity]], rules }) {
  const categories = new Map(rules.map(([name]) => [name, { us: 0, fns: new Map() }]));
  const packages = new Map();
  const functions = new Map();
  let total = 0;
  let idle = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const at = profile.stamps[i];
    if (!windows.some(([t0, t1]) => at >= t0 && at <= t1)) continue;
    const us = profile.durations[i];
    const node = profile.nodes.get(profile.samples[i]);
    if (node.rules !== rules) {
      node.rules = rules;
      const stack = stackOf(node);
      node.category = rules.find(([, test]) => test(stack))?.[0] ?? "uncategorised";
    }
    total += us;
    const frame = node.callFrame;
    if (frame.functionName === "(idle)") idle += us;
    const pkg = packageOf(frame);
    const fnKey = `${pkg}: ${frame.functionName || "(anonymous)"}${frame.url ? ` (${frame.url.split("/").at(-1)}:${frame.lineNumber + 1})` : ""}`;
    packages.set(pkg, (packages.get(pkg) ?? 0) + us);
    functions.set(fnKey, (functions.get(fnKey) ?? 0) + us);
    const c = categories.get(node.category) ?? { us: 0, fns: new Map() };
    categories.set(node.category, c);
    c.us += us;
    c.fns.set(fnKey, (c.fns.get(fnKey) ?? 0) + us);
  }
  const top = (map, n) => [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, n);
  return {
    totalUs: total,
    idleUs: idle,
    categories: [...categories.entries()]
      .filter(([, c]) => c.us > 0)
      .map(([name, c]) => ({ name, us: c.us, top: top(c.fns, 3) })),
    packages: top(packages, 50),
    functions: top(functions, 25),
  };
}
