/**
 * `rts translate target.ts [-o out] [--opt 0|2] [--target x86-64|aarch64]`: translates a target
 * into a static Linux executable for the machine (the host's by default) (src/translator/driver.ts), printing each phase on stdout as it runs with its time,
 * then a summary. A program that is not RTS gets the annotator's messages on stderr and status 2.
 * With `--dump-after PASS[:FUNCTION]`, stdout gets only the LL graphs right after that pass
 * (src/translator/lower.ts graphsAfterPass) and no executable is written.
 */

import chalk from "chalk";
import { colourError, highlightFrames } from "./style.js";
import { defaultOutput, translate, type PhaseEvent, type PhaseName } from "../translator/driver.js";
import { hostTargetName, type TargetName } from "../translator/target-names.js";
import { findFunction, formatListing } from "../backend/listing.js";
import { graphsAfterPass, type NotRtsErrors } from "../translator/lower.js";
import { sourceLine } from "../annotator/diagnostics.js";

const USER_ERROR_STATUS = 2;
const NAME_WIDTH = 17;

export interface TranslateCommandOptions {
  output?: string;
  /** Checked by commander (main.ts). */
  opt: "0" | "2";
  /** --dump-asm: the function whose machine code is printed after translation. */
  dumpAsm?: string;
  /** --dump-after PASS[:FUNCTION], the pass's name checked by commander (main.ts). */
  dumpAfter?: { pass: string; function: string | undefined };
  /** --jit: link the JIT's runtime (src/translator/jit-link.ts). */
  jit?: boolean;
  /** --jit-blackhole-main (tests only): run the portal's jitcode in the blackhole interpreter instead of main. */
  jitBlackholeMain?: boolean;
  /** --target: the machine (checked by commander; default the host's). */
  target?: TargetName;
}

export async function translateCommand(target: string, options: TranslateCommandOptions): Promise<number> {
  if (options.dumpAfter) {
    const { pass, function: name } = options.dumpAfter;
    const graphs = name === undefined ? ("all" as const) : { function: name, callees: false };
    const dumped = await graphsAfterPass(target, { after: pass, graphs, optimize: options.opt === "2", colour: colourError, highlight: highlightFrames() });
    if (!dumped.ok) return notRts(dumped);
    process.stdout.write(dumped.text);
    return 0;
  }
  const output = options.output ?? defaultOutput(target);
  const out = (text: string) => process.stdout.write(text);
  const machine = options.target ?? hostTargetName();
  out(`${chalk.bold("rts translate")} ${target} -> ${output} (--opt ${options.opt}${machine !== hostTargetName() ? `, --target ${machine}` : ""}${options.jit ? ", --jit" : ""})\n`);

  // A phase's name is printed when it starts and the rest of its line when it ends, so that a
  // slow phase shows what is running.
  let open: PhaseName | undefined;
  const onPhase = (event: PhaseEvent) => {
    if (event.kind === "start") {
      out(`  ${event.phase.padEnd(NAME_WIDTH)}`);
      open = event.phase;
      return;
    }
    if (open !== event.phase) out(`  ${event.phase.padEnd(NAME_WIDTH)}`);
    open = undefined;
    // A time in parentheses is counted in another phase's (flow graphs: in annotation's).
    const time = event.ms === undefined ? "" : event.note ? `(${event.ms.toFixed(0)} ms)` : `${event.ms.toFixed(0)} ms`;
    const text = [event.detail, event.note].filter(Boolean).join("; ");
    out(`${chalk.yellow(time.padStart(10))}  ${event.ms === undefined ? chalk.dim(text) : text}\n`);
  };

  let result;
  try {
    result = await translate(target, {
      optimize: options.opt === "2",
      output,
      onPhase,
      colour: colourError,
      highlight: highlightFrames(),
      jit: options.jit === true,
      jitBlackholeMain: options.jitBlackholeMain === true,
      machine,
    });
  } catch (error) {
    // Ends the phase's line before the error is reported (on stderr, by main.ts).
    if (open !== undefined) out(chalk.red("failed") + "\n");
    throw error;
  }
  if (!result.ok) {
    out(chalk.red.bold(`not RTS: ${result.count} error${result.count === 1 ? "" : "s"}`) + "\n");
    return notRts(result);
  }
  const { stats } = result;
  out(
    chalk.green.bold(`translated ${target} into ${result.output}`) +
      ` in ${(result.totalMs / 1000).toFixed(2)} s: ${stats.functions} functions, ` +
      `${stats.textBytes} bytes of code, ${stats.rodataBytes} of read-only data, ${result.size} bytes in all\n`,
  );
  if (options.dumpAsm !== undefined) {
    // A UserError (status 2, with the nearest names) when there is no such function.
    const fn = findFunction(result.code, options.dumpAsm);
    out("\n" + formatListing(result.target, result.code, fn, sourceLines()));
  }
  return 0;
}

/** Reads source lines for --dump-asm, each file once. */
function sourceLines(): (file: string, line: number) => string | undefined {
  const cache = new Map<string, string[]>();
  return (file, line) => sourceLine(file, line, cache);
}

/** The annotator's messages on stderr, then their count; the status of a program that is not RTS. */
function notRts(result: NotRtsErrors): number {
  const n = result.count;
  process.stderr.write(result.errors);
  process.stderr.write(`\n${n} error${n === 1 ? "" : "s"}\n`);
  return USER_ERROR_STATUS;
}
