/**
 * Reproducers: a reduced program written as a golden test case, tests/fuzz/found/seed-<seed>.ts.
 * The file is the program, a header saying what was found, and a final block comment with what
 * `rts run` gives (the expected outcome in every mode):
 *
 *     /* ==== expected
 *     status 0
 *     ---- stdout
 *     ...
 *     ---- stderr
 *     ...
 *     *\/
 *
 * tests/fuzz/found.test.ts runs every such file in every mode against its expectation.
 */

import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { RTS_BIN, runChild, type Outcome } from "./modes.js";

const EXPECTED = /^\/\* ==== expected\n/m;

/** Writes the reproducer; returns its path. Its expectation is `rts run`'s, from the repository root. */
export async function writeReproducer(foundDir: string, repoRoot: string, seed: number, kind: string, source: string, originalLines: number, timeoutMs: number): Promise<string> {
  mkdirSync(foundDir, { recursive: true });
  const file = path.join(foundDir, `seed-${seed}.ts`);
  const program = source.replace(/^\/\/ fuzz program, seed \d+\n/, "").replace(/\n*$/, "\n");
  const header = `// Found by \`npm run fuzz\` (seed ${seed}): ${describeKind(kind)}.\n// Reduced automatically from ${originalLines} lines; the expectation is what \`rts run\` prints.\n`;
  writeFileSync(file, header + program);
  const relative = path.relative(repoRoot, file);
  const expected = await runChild(process.execPath, [RTS_BIN, "run", relative], {}, { timeoutMs, cwd: repoRoot });
  writeFileSync(file, header + program + formatExpected(expected));
  return file;
}

function describeKind(kind: string): string {
  const [mode, streams, how] = kind.split(":");
  const what = how === "output" ? "" : how === "toolchain" ? ", the toolchain failing" : `, ${how}`;
  return `${mode} differs from rts run in ${streams!.replace(/\+/g, ", ")}${what}`;
}

export function formatExpected(outcome: Outcome): string {
  return `/* ==== expected\nstatus ${outcome.status}\n---- stdout\n${outcome.stdout}---- stderr\n${outcome.stderr}*/\n`;
}

/** The program and its expected outcome, from a reproducer's text. */
export function parseReproducer(text: string): { program: string; expected: Outcome } {
  const match = EXPECTED.exec(text);
  if (!match) throw new Error("not a reproducer: no /* ==== expected block");
  const rest = text.slice(match.index + match[0].length);
  const parsed = /^status (.*)\n---- stdout\n([\s\S]*)---- stderr\n([\s\S]*)\*\/\n?$/.exec(rest);
  if (!parsed) throw new Error("not a reproducer: malformed expected block");
  const status = /^-?\d+$/.test(parsed[1]!) ? Number(parsed[1]) : parsed[1]!;
  return { program: text.slice(0, match.index), expected: { status, stdout: parsed[2]!, stderr: parsed[3]! } };
}
