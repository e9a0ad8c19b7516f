/**
 * The ways a program runs, and what a run gives: its stdout, stderr and exit status.
 *
 *   node         `rts run` in a child process: the reference (RTS is TypeScript)
 *   ll0, ll2     the LL interpreter, in this process, lowered with --opt 0 and --opt 2
 *   bin0, bin2   translated in this process (`rts translate --opt 0|2`), the binary run
 *   bin0-stress, bin2-stress
 *                the same binaries with RTS_GC_STRESS=1
 *   a64-2, a64-2-stress
 *                translated for AArch64 (`rts translate --target aarch64 --opt 2`), the binary run
 *                under qemu-aarch64, plainly and with RTS_GC_STRESS=1 (not in the default modes:
 *                qemu is slow; `--modes node,a64-2,a64-2-stress`)
 *
 * The in-process modes call the library (src/translator/lower.ts and driver.ts, src/rtyper/run-llinterp.ts)
 * instead of spawning bin/rts, which saves a Node start and the loading of the toolchain per run.
 * Positions in messages are shown relative to the current directory, as `rts` shows them: the
 * caller runs everything from the program's own directory (fuzz workers chdir there) and names
 * the program by a relative path, so every mode prints the same positions.
 *
 * A toolchain failure (an exception out of lowering or translation) is an outcome too, with
 * status "toolchain error": the reference never has it, so it shows as a difference.
 * Translation here runs the verifier after every LL pass (src/translator/passes.ts), so that a
 * pass that breaks a graph is a toolchain error naming the pass rather than a binary that may
 * happen to work. Lowering for the LL interpreter does not yet: the rtyper makes a graph the
 * verifier refuses for some generated programs (fuzz seed 24: a catch exit passing a value
 * defined after the call it leaves), which the fixed-seed sample would report.
 */

import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { UserError } from "../frontend/diagnostic.js";
import { loadProgram } from "../frontend/modules.js";
import { describeLLException, runLowered } from "../rtyper/run-llinterp.js";
import { translate } from "../translator/driver.js";
import { lowerProgram } from "../translator/lower.js";
import type { TargetName } from "../translator/target-names.js";

export const MODES = ["node", "ll0", "ll2", "bin0", "bin0-stress", "bin2", "bin2-stress", "a64-2", "a64-2-stress"] as const;
export type Mode = (typeof MODES)[number];
/** The modes `npm run fuzz` runs unless told otherwise: all but the AArch64 ones, which run under qemu. */
export const DEFAULT_MODES: readonly Mode[] = MODES.filter((m) => !m.startsWith("a64"));
/** The modes without translation: cheap enough for hundreds of programs in the tests. */
export const FAST_MODES: readonly Mode[] = ["node", "ll0", "ll2"];

export interface Outcome {
  stdout: string;
  stderr: string;
  /** The exit status, or what stopped the run: "timeout", "signal SIGSEGV", "toolchain error". */
  status: number | string;
}

export const RTS_BIN = fileURLToPath(new URL("../../bin/rts", import.meta.url));

export interface RunSettings {
  /** Milliseconds a child process (rts run, a binary) may take before it is killed. */
  timeoutMs: number;
  /** The child's directory; default this process's. */
  cwd?: string;
  /** Where binaries are written (and removed after their runs); default next to the program. */
  binDir?: string;
}

/** Runs the program (a path relative to the current directory) in each mode asked for. */
export async function runModes(file: string, modes: readonly Mode[], settings: RunSettings): Promise<Map<Mode, Outcome>> {
  const results = new Map<Mode, Outcome>();
  const wanted = new Set(modes);
  // The reference runs in a child process while this process lowers and translates.
  const reference = wanted.has("node") ? runNode(file, settings) : undefined;
  for (const opt of ["0", "2"] as const) {
    if (wanted.has(`ll${opt}`)) results.set(`ll${opt}`, await runLLInterp(file, opt === "2"));
  }
  for (const opt of ["0", "2"] as const) {
    const plain = `bin${opt}` as const;
    const stressed = `bin${opt}-stress` as const;
    if (!wanted.has(plain) && !wanted.has(stressed)) continue;
    const binary = path.join(settings.binDir ?? path.dirname(file), `${path.basename(file, ".ts")}-c${opt}`);
    const translated = await translateInProcess(file, binary, opt === "2");
    if (translated) {
      if (wanted.has(plain)) results.set(plain, translated);
      if (wanted.has(stressed)) results.set(stressed, translated);
      continue;
    }
    if (wanted.has(plain)) results.set(plain, await runChild(path.resolve(binary), [], {}, settings));
    if (wanted.has(stressed)) results.set(stressed, await runChild(path.resolve(binary), [], { RTS_GC_STRESS: "1" }, settings));
    rmSync(binary, { force: true });
  }
  if (wanted.has("a64-2") || wanted.has("a64-2-stress")) {
    const binary = path.join(settings.binDir ?? path.dirname(file), `${path.basename(file, ".ts")}-a64`);
    const translated = await translateInProcess(file, binary, true, false, "aarch64");
    for (const [mode, env] of [["a64-2", {}], ["a64-2-stress", { RTS_GC_STRESS: "1" }]] as const) {
      if (wanted.has(mode)) results.set(mode, translated ?? (await runChild("qemu-aarch64", [path.resolve(binary)], env, settings)));
    }
    rmSync(binary, { force: true });
  }
  if (reference) results.set("node", await reference);
  return results;
}

/** `rts run file`, as a user runs it. */
export function runNode(file: string, settings: RunSettings): Promise<Outcome> {
  return runChild(process.execPath, [RTS_BIN, "run", file], {}, settings);
}

/** The program through the LL interpreter, as `rts run --llinterp --opt 0|2` runs it. */
export async function runLLInterp(file: string, optimize: boolean): Promise<Outcome> {
  return (await runLLInterpWith(file, optimize, [[]]))[0]!;
}

/**
 * The program lowered once and run by the LL interpreter with each list of arguments (main's argv
 * is the file, then the arguments, as `rts run --llinterp file ...args` gives it). Each run has a
 * fresh interpreter, so a fresh heap: the prebuilt objects start from their import-time values.
 */
export async function runLLInterpWith(file: string, optimize: boolean, argumentSets: readonly string[][]): Promise<Outcome[]> {
  let lowered: ReturnType<typeof lowerProgram>;
  try {
    const program = await loadProgram(file, true, true);
    lowered = lowerProgram(program, (s) => s, optimize, false, { verify: true });
  } catch (error) {
    return argumentSets.map(() => toolchainError(error, ""));
  }
  if (typeof lowered === "string") return argumentSets.map(() => ({ stdout: "", stderr: lowered, status: 2 }));
  const program = lowered;
  return argumentSets.map((args) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    try {
      const status = runLowered(program, [file, ...args], describeLLException, (fd, bytes) => (fd === 2 ? err : out).push(Buffer.from(bytes)));
      // The status as the parent of `rts run --llinterp` sees it: the operating system keeps its low 8 bits.
      return { stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8"), status: status & 0xff };
    } catch (error) {
      return toolchainError(error, Buffer.concat(out).toString("utf8"));
    }
  });
}

/** Translates file into binary (in this process; with the JIT's runtime linked when jit; for the machine named, else the host's); returns the outcome when translation fails, else undefined. */
export async function translateInProcess(file: string, binary: string, optimize: boolean, jit = false, machine?: TargetName): Promise<Outcome | undefined> {
  try {
    const result = await translate(file, { optimize, output: binary, verify: true, jit, machine });
    if (!result.ok) return { stdout: "", stderr: result.errors, status: 2 };
    return undefined;
  } catch (error) {
    return toolchainError(error, "");
  }
}

function toolchainError(error: unknown, stdout: string): Outcome {
  const what = error instanceof UserError ? `user error: ${error.message}` : `internal error: ${error instanceof Error ? error.message : String(error)}`;
  return { stdout, stderr: what + "\n", status: "toolchain error" };
}

/** Runs a child process to its end (or kills it at the timeout). */
export function runChild(command: string, args: string[], env: Record<string, string>, settings: RunSettings): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: settings.cwd, env: { ...process.env, FORCE_COLOR: "0", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, settings.timeoutMs);
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", (error) => {
      clearTimeout(timer);
      resolve({ stdout: "", stderr: String(error), status: "spawn error" });
    });
    child.on("close", (status, signal) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(out).toString("utf8");
      const stderr = Buffer.concat(err).toString("utf8");
      resolve({ stdout, stderr, status: timedOut ? "timeout" : signal ? `signal ${signal}` : (status ?? "no status") });
    });
  });
}

export type Stream = "stdout" | "stderr" | "status";

/** How one mode's outcome differs from the reference's. */
export interface Difference {
  mode: Mode;
  streams: Stream[];
}

/** The modes whose outcome differs from node's, in the order of MODES. */
export function differences(results: Map<Mode, Outcome>): Difference[] {
  const reference = results.get("node");
  if (!reference) return [];
  const found: Difference[] = [];
  for (const mode of MODES) {
    const outcome = results.get(mode);
    if (mode === "node" || !outcome) continue;
    const streams = (["stdout", "stderr", "status"] as const).filter((s) => outcome[s] !== reference[s]);
    if (streams.length > 0) found.push({ mode, streams });
  }
  return found;
}

/**
 * The kind of a difference, which the reducer keeps: the mode, the streams that differ, and
 * whether the mode's toolchain failed, timed out or was killed (a different failure is a
 * different bug).
 */
export function differenceKind(diff: Difference, outcome: Outcome): string {
  const how = typeof outcome.status === "string" ? outcome.status.split(" ")[0] : outcome.status === 70 ? "fatal" : "output";
  const kind = `${diff.mode}:${diff.streams.join("+")}:${how}`;
  // Toolchain failures are told apart by their message, without positions, names and numbers.
  return outcome.status === "toolchain error" ? `${kind}:${toolchainMessage(outcome)}` : kind;
}

/** A toolchain failure's message without positions, quoted names and numbers. */
export function toolchainMessage(outcome: Outcome): string {
  return outcome.stderr
    .split("\n")[0]!
    .replace(/[^\s:]+\.ts(:\d+)*(: )?/g, "")
    .replace(/'[^']*'/g, "'_'")
    .replace(/\d+/g, "N");
}
