/**
 * Module hooks of `rts run --checked` (registered after src/frontend/hooks.ts, so they run
 * first): a module URL with CHECKED_QUERY loads the instrumented code made for it
 * (instrument.ts), and the relative imports of such a module resolve to the checked copies of
 * their modules, so that the whole program is imported a second time, checked, beside the copy
 * that import time made for the annotator.
 */

import type { InitializeHook, LoadHook, ResolveHook } from "node:module";
import { CHECKED_QUERY } from "./stack-positions.js";

/** What run.ts passes: the instrumented code of each module, by its URL without the query. */
export interface CheckedHooksData {
  modules: Record<string, string>;
}

// One program per process: the hooks run on Node's loader thread, which this data serves.
let modules: Record<string, string> = {};

export const initialize: InitializeHook<CheckedHooksData> = (data) => {
  modules = data.modules;
};

export const resolve: ResolveHook = async (specifier, context, nextResolve) => {
  const parent = context.parentURL;
  if (!parent?.endsWith(CHECKED_QUERY)) return nextResolve(specifier, context);
  const resolved = await nextResolve(specifier, { ...context, parentURL: parent.slice(0, -CHECKED_QUERY.length) });
  if (!(resolved.url in modules)) return resolved;
  return { ...resolved, url: resolved.url + CHECKED_QUERY, format: "module", shortCircuit: true };
};

export const load: LoadHook = async (url, context, nextLoad) => {
  if (!url.endsWith(CHECKED_QUERY)) return nextLoad(url, context);
  const code = modules[url.slice(0, -CHECKED_QUERY.length)];
  if (code === undefined) return nextLoad(url, context);
  return { format: "module", source: code, shortCircuit: true };
};
