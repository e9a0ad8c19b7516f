/** Runs the rts command (or any command) as a child process and collects what it printed. */

import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const rtsBin = path.join(repoRoot, "bin/rts");

export interface Completed {
  stdout: string;
  stderr: string;
  status: number | null;
}

export interface RunOptions {
  cwd?: string;
  input?: string;
  /** Variables added to (or, as undefined, removed from) this process's environment. */
  env?: Record<string, string | undefined>;
}

/** Runs command with args in cwd (default: the repository root) and resolves when it exits. */
export function runCommand(command: string, args: string[], options: RunOptions = {}): Promise<Completed> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd ?? repoRoot, env: { ...process.env, FORCE_COLOR: "0", ...options.env } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", reject);
    child.on("close", (status) =>
      resolve({ stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8"), status }),
    );
    child.stdin.on("error", () => {}); // EPIPE when the program exits without reading its input
    child.stdin.end(options.input ?? "");
  });
}

/** Runs `rts <args>` with node, from the repository root unless cwd says otherwise. */
export function runRts(args: string[], options: RunOptions = {}): Promise<Completed> {
  return runCommand(process.execPath, [rtsBin, ...args], options);
}

/** The lines of `expected` (a text block's) that are not lines of `printed`: none when the block is a subset of the output. */
export function linesMissing(expected: string, printed: string): string[] {
  const printedLines = new Set(printed.split("\n"));
  return expected.trimEnd().split("\n").filter((line) => !printedLines.has(line));
}
