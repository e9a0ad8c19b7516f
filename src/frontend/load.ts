/**
 * Import time: executes a target's modules on Node, types stripped and positions preserved, with
 * "rts" resolved to this toolchain's library. Used by `rts run` and, later, by the translator,
 * which starts from the live `main` that this returns.
 */

import { existsSync, statSync } from "node:fs";
import { register } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { UserError, displayPath } from "./diagnostic.js";
import type { HooksData } from "./hooks.js";
import type { SourceDiagnostic } from "./strip.js";

/** The entry point every target exports. */
export type TargetMain = (argv: string[]) => unknown;

/** A loaded target: its entry point and the module it came from. */
export interface LoadedTarget {
  file: string;
  main: TargetMain | undefined;
  module: Record<string, unknown>;
}

/** Thrown when the target's own top-level code throws at import time. */
export class ImportTimeError extends Error {
  readonly thrown: unknown;
  constructor(thrown: unknown) {
    super("the target threw at import time");
    this.thrown = thrown;
  }
}

let hooksRegistered = false;

/** Registers the RTS module hooks in this process (once). */
export function registerRtsHooks(): void {
  if (hooksRegistered) return;
  const data: HooksData = { libraryUrl: new URL("../lib/index.js", import.meta.url).href };
  register(new URL("./hooks.js", import.meta.url), { data });
  hooksRegistered = true;
}

/**
 * Imports the target module at `file` and returns its `main`; user problems are UserErrors.
 * With requireMain false, a module without main loads too (its main is then undefined).
 */
export async function loadTarget(file: string, requireMain = true): Promise<LoadedTarget> {
  const shown = displayPath(path.resolve(file));
  if (!existsSync(file)) throw new UserError(shown, undefined, undefined, "no such file");
  if (!statSync(file).isFile()) throw new UserError(shown, undefined, undefined, "not a file");
  registerRtsHooks();
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(path.resolve(file)).href)) as Record<string, unknown>;
  } catch (error) {
    const diagnostic = (error as { rtsDiagnostic?: SourceDiagnostic } | null)?.rtsDiagnostic;
    if (diagnostic) throw UserError.fromDiagnostic(diagnostic);
    throw new ImportTimeError(error);
  }
  const main = module.main;
  if (typeof main !== "function" && (requireMain || main !== undefined)) {
    throw new UserError(
      shown,
      undefined,
      undefined,
      main === undefined
        ? "no 'main' export; a target exports function main(argv: string[]): number"
        : `'main' is not a function; a target exports function main(argv: string[]): number`,
    );
  }
  return { file: shown, main: main as TargetMain | undefined, module };
}
