/**
 * `rts run --checked target.ts [args...]`: runs a target untranslated with the safety checks of
 * its translated binary, stopping as the binary stops (`fatal error: ...`, the TypeScript
 * position, status 70) where plain `rts run` would go on with undefined or a lost integer.
 *
 *   1. import time and annotation, as `rts translate` does them (the program's output during
 *      this import is not shown: the second import shows it); a program that is not RTS gets
 *      the annotator's errors and status 2, as translate gives;
 *   2. the plan (plan.ts): which expressions the binary checks, from the annotations;
 *   3. each module's stripped code instrumented (instrument.ts) and served by the checked
 *      hooks (hooks.ts) under a URL of its own, so the program is imported again, checked;
 *   4. main called as `rts run` calls it; the checks become active then (runtime.ts).
 */

import { register } from "node:module";
import chalk from "chalk";
import { Annotator } from "../annotator/annotator.js";
import { formatErrors } from "../annotator/print-annotations.js";
import { UserError } from "../frontend/diagnostic.js";
import { loadProgram, type LoadedProgram } from "../frontend/modules.js";
import { formatUncaught } from "../frontend/uncaught.js";
import type { CheckedHooksData } from "./hooks.js";
import { instrumentModule } from "./instrument.js";
import { computeCheckPlan } from "./plan.js";
import { activateChecks } from "./runtime.js";
import type { PositionMap } from "./source-builder.js";
import { CHECKED_QUERY, mapStackPositions } from "./stack-positions.js";

const UNCAUGHT_EXIT_STATUS = 1;
const USER_ERROR_STATUS = 2;

/** What instrumenting a program made: each module's code and position map, by module URL. */
export interface CheckedProgram {
  modules: Record<string, string>;
  maps: Map<string, PositionMap>;
  /** How many checked expressions in all. */
  sites: number;
}

/** Annotates a loaded program and instruments its modules; annotation errors are returned as text. */
export function instrumentProgram(program: LoadedProgram, colour: (s: string) => string = (s) => s): CheckedProgram | string {
  const annotator = new Annotator(program);
  annotator.annotateMain();
  if (annotator.errors.length > 0) {
    const n = annotator.errors.length;
    return formatErrors(annotator, colour) + `\n${n} error${n === 1 ? "" : "s"}\n`;
  }
  const plans = computeCheckPlan(annotator);
  const runtimeUrl = new URL("./runtime.js", import.meta.url).href;
  const checked: CheckedProgram = { modules: {}, maps: new Map(), sites: 0 };
  for (const module of program.modules) {
    const instrumented = instrumentModule(module.code, module.program, plans.get(module) ?? new Map(), runtimeUrl);
    checked.modules[module.url] = instrumented.code;
    checked.maps.set(module.url, instrumented.map);
    checked.sites += instrumented.sites;
  }
  return checked;
}

export async function runCheckedCommand(target: string, args: string[]): Promise<number> {
  const program = await muted(() => loadProgram(target));
  const colour = (s: string) => s.replace(": error: ", `: ${chalk.red.bold("error:")} `);
  const checked = instrumentProgram(program, colour);
  if (typeof checked === "string") {
    process.stderr.write(checked);
    return USER_ERROR_STATUS;
  }
  const data: CheckedHooksData = { modules: checked.modules };
  register(new URL("./hooks.js", import.meta.url), { data });
  mapStackPositions(checked.maps);
  let main: Function;
  try {
    const namespace = (await import(program.entry.url + CHECKED_QUERY)) as Record<string, unknown>;
    main = namespace.main as Function;
  } catch (error) {
    // The program's own code compiled at the first import: a syntax error is the instrumenter's.
    if (error instanceof SyntaxError) throw new Error(`the instrumented program does not compile: ${error.message}`);
    return reportUncaught(error);
  }
  activateChecks();
  let status: unknown;
  try {
    status = main([target, ...args]);
  } catch (error) {
    return reportUncaught(error);
  }
  if (typeof status !== "number" || !Number.isInteger(status)) {
    throw new UserError(program.entry.shown, undefined, undefined, `main returned ${typeof status === "string" ? JSON.stringify(status) : String(status)}; it must return the exit status (an integer)`);
  }
  return status;
}

function reportUncaught(thrown: unknown): number {
  process.stderr.write(formatUncaught(thrown) + "\n");
  return UNCAUGHT_EXIT_STATUS;
}

/** Runs f with process.stdout and process.stderr writes dropped (the first import's output). */
async function muted<T>(f: () => Promise<T>): Promise<T> {
  const out = process.stdout.write;
  const err = process.stderr.write;
  const drop = (() => true) as typeof process.stdout.write;
  process.stdout.write = drop;
  process.stderr.write = drop;
  try {
    return await f();
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}
