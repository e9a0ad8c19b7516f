/**
 * Node module hooks that load RTS modules (registered by `rts run` with module.register, so they
 * run on Node's loader thread):
 * - `.ts` files are loaded with their types stripped and positions preserved (strip.ts);
 * - the specifier "rts" resolves to this toolchain's own library, wherever the target lies;
 * - a relative (or absolute) import may name a module by its `.ts` path, its `.js` path or no
 *   extension.
 * A problem in a module is thrown as an error carrying a SourceDiagnostic under `rtsDiagnostic`
 * (Node copies the property to the importing thread), for the CLI to print as one line.
 *
 * Stripped modules are cached on disk (see strip-cache.ts): loading the TypeScript parser takes
 * longer than running a small program, and test suites start the same interpreter many times.
 */

import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { InitializeHook, LoadHook, ResolveHook } from "node:module";
import { displayPath } from "./diagnostic.js";
import { StripCache } from "./strip-cache.js";
import type { ImportSite, SourceDiagnostic, StripResult } from "./strip.js";
import { BINDING_ACCESSOR } from "./binding-accessor.js";

/** What `rts run` passes to the hooks when it registers them. */
export interface HooksData {
  /** URL of the rts library module that "rts" resolves to. */
  libraryUrl: string;
}

let libraryUrl = "";
let cache: StripCache | undefined;
/** The import sites of each loaded module by URL, to point a failed resolution at its import. */
const importSitesByUrl = new Map<string, ImportSite[]>();

export const initialize: InitializeHook<HooksData> = (data) => {
  libraryUrl = data.libraryUrl;
  cache = StripCache.open(new URL("./strip.js", import.meta.url));
};

export const resolve: ResolveHook = async (specifier, context, nextResolve) => {
  if (specifier === "rts") return { url: libraryUrl, format: "module", shortCircuit: true };
  if (specifier === "rts/system") return { url: libraryUrl.replace(/index\.js$/, "system.js"), format: "module", shortCircuit: true };
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const parent = context.parentURL;
    if (!parent?.endsWith(".ts") || !/^(\.\.?)?\//.test(specifier)) throw error;
    for (const candidate of tsCandidates(specifier)) {
      try {
        return await nextResolve(candidate, context);
      } catch {
        // try the next spelling
      }
    }
    throw diagnosticError(unresolvedImport(parent, specifier));
  }
};

export const load: LoadHook = async (url, context, nextLoad) => {
  if (!url.startsWith("file:") || !url.endsWith(".ts")) return nextLoad(url, context);
  const file = fileURLToPath(url);
  const result = await stripCached(displayPath(file), await readFile(file, "utf8"));
  if (!result.ok) throw diagnosticError(result.diagnostic);
  importSitesByUrl.set(url, result.imports);
  return { format: "module", source: result.code + bindingAccessor(result.bindings), shortCircuit: true };
};

async function stripCached(file: string, text: string): Promise<StripResult> {
  const cached = cache?.get(file, text);
  if (cached) return cached;
  // The parser is loaded only when a module is not in the cache.
  const { stripTypes } = await import("./strip.js");
  const result = stripTypes(file, text);
  if (result.ok) cache?.put(file, text, result);
  return result;
}

/**
 * The translator needs the live value of every top-level binding, exported or not, once import
 * time is over. Each module gets one more export, appended after its last line so that no
 * position moves: BINDING_ACCESSOR(name) returns the current value of the binding `name`.
 */
function bindingAccessor(bindings: readonly string[]): string {
  const cases = bindings.map((name) => `case ${JSON.stringify(name)}: return ${name};`).join(" ");
  return `\n;export function ${BINDING_ACCESSOR}(name) { switch (name) { ${cases} } throw new ReferenceError(name); }\n`;
}

/** Other spellings of a relative or absolute specifier that name a .ts module. */
function tsCandidates(specifier: string): string[] {
  if (specifier.endsWith(".js")) return [specifier.slice(0, -3) + ".ts"];
  if (!/\.[a-z]+$/i.test(specifier)) return [specifier + ".ts", specifier + "/index.ts"];
  return [];
}

function unresolvedImport(parentUrl: string, specifier: string): SourceDiagnostic {
  const site = importSitesByUrl.get(parentUrl)?.find((s) => s.specifier === specifier);
  return {
    file: displayPath(fileURLToPath(parentUrl)),
    line: site?.line ?? 1,
    column: site?.column ?? 1,
    message: `cannot find module '${specifier}'`,
  };
}

function diagnosticError(diagnostic: SourceDiagnostic): Error {
  return Object.assign(new Error(diagnostic.message), { code: "ERR_RTS_SOURCE", rtsDiagnostic: diagnostic });
}
