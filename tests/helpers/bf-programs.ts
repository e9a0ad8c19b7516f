/**
 * The Brainfuck programs the tests run examples/bf on: the project's own (tests/fixtures/bf/programs,
 * each NAME.b with its expected stdout in NAME.out and, when it reads input, NAME.in), and the
 * checksums of the external benchmark programs (../shared/bench/bf or RTS_BF_PROGRAMS, whose
 * README.md has a table of md5 sums of their output).
 */

import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const BF_FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/bf/programs");

export interface BfProgram {
  name: string;
  /** The program's path. */
  file: string;
  /** What it reads on stdin ("" when it has no NAME.in). */
  input: string;
  /** Its expected stdout, as latin1 text (bf writes raw bytes). */
  output: string;
}

/** The project's own programs, sorted by name. */
export function bfFixtures(): BfProgram[] {
  return readdirSync(BF_FIXTURES)
    .filter((f) => f.endsWith(".b"))
    .sort()
    .map((f) => {
      const base = path.join(BF_FIXTURES, f.slice(0, -2));
      return {
        name: f,
        file: path.join(BF_FIXTURES, f),
        input: existsSync(`${base}.in`) ? readFileSync(`${base}.in`, "latin1") : "",
        output: readFileSync(`${base}.out`, "latin1"),
      };
    });
}

/** md5 of each benchmark program's stdout, from the table in dir/README.md. */
export function bfChecksums(dir: string): Map<string, string> {
  const checksums = new Map<string, string>();
  for (const m of readFileSync(path.join(dir, "README.md"), "utf8").matchAll(/^\| (\S+\.b) \|[^|]*\| ([0-9a-f]{32}) \|/gm)) {
    checksums.set(m[1]!, m[2]!);
  }
  return checksums;
}

/** md5 of text taken as latin1 bytes. */
export const md5 = (text: string) => createHash("md5").update(Buffer.from(text, "latin1")).digest("hex");
