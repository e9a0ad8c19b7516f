/**
 * What the native differential tests share: translating a target once into a scratch directory
 * (`rts translate target -o dir/name`, the command users run), and running the executable it
 * writes. Translations are limited to one per core, since each is a Node process of its own.
 */

import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pLimit from "p-limit";
import { runRts, type Completed } from "../helpers/run-rts.ts";

const scratch = mkdtempSync(path.join(os.tmpdir(), "rts-native-"));

/** A path in the scratch directory (removed by removeScratch). */
export function scratchPath(name: string): string {
  return path.join(scratch, name);
}

/** Removes the scratch directory (call from afterAll). */
export function removeScratch(): void {
  rmSync(scratch, { recursive: true, force: true });
}

const cores = Math.max(1, os.availableParallelism());
/**
 * Runs of binaries and of `rts run`, at most one per core at a time (each is a process). Runs have
 * their own queue, apart from translations': a test whose binary is ready runs it at once instead
 * of waiting behind every translation queued before (a file of 122 translations made its first
 * tests wait for all of them).
 */
export const limit = pLimit(cores);
/** Translations, at most one per core at a time. */
const translations = pLimit(cores);

export class TranslationFailed extends Error {}

/**
 * Translates target (a path relative to the repository root) into the scratch directory under
 * name (`options` more of rts translate's, as `--jit`); resolves to the executable's path, or
 * rejects with what `rts translate` printed.
 */
export async function translateTarget(target: string, name: string, opt: "0" | "2" = "2", options: readonly string[] = []): Promise<string> {
  const output = path.join(scratch, name);
  const result = await translations(() => runRts(["translate", target, "-o", output, "--opt", opt, ...options]));
  if (result.status !== 0) {
    throw new TranslationFailed(`rts translate ${target} exited with ${result.status}\n${result.stdout}${result.stderr}`);
  }
  return output;
}

/**
 * Translates every target at once (limited to one per core); each test awaits its own, so that
 * one failing translation fails one test. Rejections are handled here, so none goes unobserved.
 */
export function translateAll(targets: { target: string; name: string }[]): Map<string, Promise<string>> {
  const binaries = new Map<string, Promise<string>>();
  for (const { target, name } of targets) {
    const promise = translateTarget(target, name);
    promise.catch(() => {});
    binaries.set(target, promise);
  }
  return binaries;
}

export interface RunOptions {
  /** The process's argv[0] (main's argv[0] is not it: the translator fixes it to the target's path, as `rts run` gives it). */
  argv0?: string;
  input?: string;
  /** The environment; default: this process's. */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  timeoutMs?: number;
}

export interface NativeRun extends Completed {
  signal: NodeJS.Signals | null;
}

/** Runs an executable, output decoded as latin1 when asked (bf writes raw bytes), else UTF-8. */
export function runBinary(file: string, args: string[], options: RunOptions = {}, encoding: BufferEncoding = "utf8"): Promise<NativeRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      argv0: options.argv0,
      cwd: options.cwd,
      env: options.env ?? process.env,
      timeout: options.timeoutMs,
      killSignal: "SIGKILL",
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", reject);
    child.on("close", (status, signal) =>
      resolve({ stdout: Buffer.concat(out).toString(encoding), stderr: Buffer.concat(err).toString(encoding), status, signal }),
    );
    child.stdin.on("error", () => {}); // a program that never reads its input closes the pipe
    child.stdin.end(options.input ?? "");
  });
}

/** What a process did, in the form the comparisons use (a signal shown as such, never as a status). */
export function outcome(run: NativeRun | Completed): { stdout: string; stderr: string; status: number | string | null } {
  const signal = "signal" in run ? run.signal : null;
  return { stdout: run.stdout, stderr: run.stderr, status: signal ? `killed by ${signal}` : run.status };
}
