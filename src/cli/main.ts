/**
 * The rts command line. Each command lives in its own file; this one only declares them (with
 * commander, so `rts --help` and `rts <command> --help` describe every option) and maps errors
 * to exit statuses: 0 success, the program's own status for `run`, 2 for a user error (bad
 * command line or a program that is not RTS), 70 for an internal error of the toolchain.
 */

import { readFileSync } from "node:fs";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { InternalError, UserError } from "../frontend/diagnostic.js";
import { runCommand } from "./run.js";
import { colourError } from "./style.js";
import { LL_PASS_NAMES, unknownPassMessage } from "../translator/pass-names.js";
import { TARGET_NAMES, hostTargetName, type TargetName } from "../translator/target-names.js";

const VERSION = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;
const USER_ERROR_STATUS = 2;
const INTERNAL_ERROR_STATUS = 70;

type OptLevel = "0" | "2";

/** --opt 0|2 (commander refuses any other value, naming the choices, as any bad command line). */
function optOption(prefix: string): Option {
  return new Option("--opt <level>", `${prefix}2 optimizes the LL graphs (string builders, inlining, constant folding, dead code and malloc removal, redundant reads), 0 does not`)
    .choices(["0", "2"] satisfies OptLevel[])
    .default("2");
}

/** --dump-after PASS[:FUNCTION]: a pass name (refused as any bad command line when it names none) and maybe a function. */
function parseDumpAfter(value: string): { pass: string; function: string | undefined } {
  const colon = value.indexOf(":");
  const pass = colon < 0 ? value : value.slice(0, colon);
  const unknown = unknownPassMessage(pass);
  if (unknown) throw new InvalidArgumentError(unknown + ".");
  return { pass, function: colon < 0 ? undefined : value.slice(colon + 1) };
}

function buildProgram(setStatus: (status: number) => void): Command {
  const program = new Command("rts")
    .description("Write interpreters in restricted TypeScript (RTS); run them on Node or translate them to native code.")
    .version(VERSION, "-V, --version", "print the rts version")
    .helpOption("-h, --help", "show help for rts or a command")
    .enablePositionalOptions()
    .showSuggestionAfterError(true)
    .configureOutput({ outputError: (text, write) => write(`rts: ${text}`) })
    .exitOverride();

  program
    .command("run")
    .description("run a target untranslated on Node: main(argv) is called with [target, ...args] and its result is the exit status")
    .argument("<target>", "the interpreter's entry module (a .ts file exporting main)")
    .argument("[args...]", "arguments passed to main after the target's path")
    .option("--llinterp", "annotate and lower the program, then run its low-level graphs in the LL interpreter")
    .option("--jit", "with --llinterp: run the program's JitDriver portals under the JIT (tracing, trace interpreter, guards, bridges); RTS_JIT sets its parameters, RTSLOG=jit-summary:FILE logs its counts")
    .option("--checked", "stop as the translated program stops (index out of bounds, an integer past 2^53, modulo by zero, ...): annotate, then run on Node with the binary's safety checks")
    .addOption(optOption("with --llinterp: "))
    .passThroughOptions()
    .allowUnknownOption()
    .action(async (target: string, args: string[], options: { llinterp?: boolean; checked?: boolean; jit?: boolean; opt: OptLevel }) => {
      if (options.jit && !options.llinterp) throw new UserError(target, undefined, undefined, "--jit runs only with --llinterp for now (the native JIT comes with translation)");
      if (options.llinterp && options.checked) throw new UserError(target, undefined, undefined, "--checked and --llinterp are two ways to run: choose one");
      if (options.checked) {
        const { runCheckedCommand } = await import("../checked/run-checked.js");
        return setStatus(await runCheckedCommand(target, args));
      }
      if (!options.llinterp) return setStatus(await runCommand(target, args));
      const { runLLInterpCommand } = await import("./run-llinterp.js");
      setStatus(await runLLInterpCommand(target, args, options.opt === "2", options.jit === true));
    });

  program
    .command("graph")
    .description("print the flow graph of a function, method or constructor of a target")
    .argument("<target>", "the interpreter's entry module")
    .argument("[function]", "a name: f, module.f, Class.method or Class.constructor (default: all of the target's module)")
    .option("--dot", "print Graphviz dot instead of text")
    .action(async (target: string, name: string | undefined, options: { dot?: boolean }) => setStatus(await (await import("./graph.js")).graphCommand(target, name, options)));

  program
    .command("annotate")
    .description("infer the type of every function and field reachable from main, or report why the program is not RTS")
    .argument("<target>", "the interpreter's entry module")
    .option("--json", "print the annotations as JSON")
    .option("--time", "print how long loading and annotation took (to stderr)")
    .action(async (target: string, options: { json?: boolean; time?: boolean }) => setStatus(await (await import("./annotate.js")).annotateCommand(target, options)));

  program
    .command("lltype")
    .description("print the low-level graph of a function (default: main), as the rtyper makes it before optimization")
    .argument("<target>", "the interpreter's entry module")
    .argument("[function]", "a name: f, module.f, Class.method or Class.constructor")
    .option("--callees", "also print every graph it calls: functions, runtime helpers, adapters")
    .addOption(new Option("--after <pass>", "print the graph as rts translate makes it (--opt 2), right after this LL pass").choices(LL_PASS_NAMES))
    .action(async (target: string, name: string | undefined, options: { callees?: boolean; after?: string }) => setStatus(await (await import("./lltype.js")).lltypeCommand(target, name, options)));

  program
    .command("jitcodes")
    .description("print the jitcodes the JIT's codewriter makes from the portal (the function calling jitMergePoint), or only one function's")
    .argument("<target>", "the interpreter's entry module")
    .argument("[function]", "a name: f, module.f, Class.method or Class.constructor")
    .action(async (target: string, name: string | undefined) => setStatus(await (await import("./jitcodes.js")).jitcodesCommand(target, name)));

  program
    .command("jitview")
    .description("the JIT viewer: from a log written with RTSLOG=jit-log-opt,jit-backend-counts,jit-summary,jit-abort:FILE, an HTML page listing the loops and bridges (hottest first), each trace's operations grouped by the interpreter's position, guards linked to their bridges, and the machine code when the log has it")
    .argument("<log>", "the log (PYPYLOG format)")
    .option("-o, --output <file>", "where to write the page (default: <log>.html)")
    .option("--serve [port]", "serve the page on 127.0.0.1 instead (default: any free port), printing its URL; the log is read again at each request")
    .action(async (log: string, options: { output?: string; serve?: boolean | string }) => setStatus(await (await import("./jitview.js")).jitviewCommand(log, options)));

  program
    .command("translate")
    .description("translate a target into a static Linux executable for x86-64 or AArch64 (default: <target>-c next to it), printing each phase with its time")
    .argument("<target>", "the interpreter's entry module")
    .option("-o, --output <file>", "where to write the executable")
    .addOption(
      new Option("--target <machine>", "the machine the executable runs on, the host's by default (an AArch64 executable runs elsewhere under qemu-aarch64); --jit is x86-64's only for now")
        .choices(TARGET_NAMES)
        .default(hostTargetName()),
    )
    .addOption(optOption(""))
    .option(
      "--jit",
      "link the JIT's runtime: the portals' jitcodes (the codewriter's, as prebuilt data) and the JIT's runtime, started at start-up (RTS_JIT sets its parameters) and finished at exit (RTSLOG=jit-summary); driver.setParam sets them",
    )
    // Tests only (tests/translator/jit-link.test.ts): the binary runs the portal's jitcode in the blackhole interpreter instead of main.
    .addOption(new Option("--jit-blackhole-main").hideHelp())
    .option("--dump-asm <function>", "after translating, print the machine code of one function (its symbol, as objdump shows it: bf.run, Program.constructor), disassembled, with the source line of each block")
    .addOption(
      new Option(
        "--dump-after <pass[:function]>",
        `print the LL graphs right after an LL pass (all of them, or those of one function: f, module.f, Class.method) and stop, writing no executable; the passes, in order: ${LL_PASS_NAMES.join(", ")}`,
      ).argParser(parseDumpAfter),
    )
    // Loaded on demand: the backend is only needed here.
    .action(async (target: string, options: { output?: string; opt: OptLevel; target: TargetName; dumpAfter?: { pass: string; function: string | undefined }; dumpAsm?: string; jit?: boolean; jitBlackholeMain?: boolean }) => {
      if (options.jitBlackholeMain && !options.jit) throw new UserError(target, undefined, undefined, "--jit-blackhole-main goes with --jit");
      const { translateCommand } = await import("./translate.js");
      setStatus(await translateCommand(target, options));
    });

  return program;
}

async function main(argv: string[]): Promise<number> {
  let status = 0;
  const program = buildProgram((s) => (status = s));
  try {
    await program.parseAsync(argv);
    return status;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : USER_ERROR_STATUS;
    }
    if (error instanceof UserError) {
      process.stderr.write(colourError(error.message) + "\n");
      return USER_ERROR_STATUS;
    }
    const where = error instanceof InternalError ? ` at ${error.pos.file}:${error.pos.line}:${error.pos.column}` : "";
    const original = error instanceof InternalError ? error.original : error;
    process.stderr.write(`rts: internal error${where}: ${String(original)} (this is a bug in rts; set RTS_DEBUG=1 for the stack)\n`);
    if (process.env.RTS_DEBUG) process.stderr.write(`${(original as Error)?.stack ?? ""}\n`);
    return INTERNAL_ERROR_STATUS;
  }
}

process.exitCode = await main(process.argv);
