/**
 * Many small programs as one, as the fuzzer's --batch makes them (src/fuzz/fuzz-one.ts): a
 * driver module imports every member's main and calls the one its first argument names. One
 * lowering or translation of the driver then covers every member, so the fixed cost of each
 * (the ~150 runtime helpers lowered, optimised and compiled: ~1.5 s of CPU) is paid once rather
 * than once per program, while each run still runs one member alone (a fresh LL interpreter, a
 * process of its own), so a member's process.exit, uncaught exception or mutated prebuilt
 * objects touch no other member.
 *
 * What members share in a batch: the library and the runtime helpers are annotated for all of
 * them at once, and every main gets the driver's argv list (a list the driver builds, not the
 * one the entry makes). What a run shows of the driver: its frame under main in the trace of an
 * uncaught exception, which withoutDriverFrames removes.
 */

import { writeFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "./run-rts.ts";

/** The status of a driver asked for a member it does not have. */
export const UNKNOWN_MEMBER = 99;

export interface BatchMember {
  /** The name the driver's first argument gives. */
  name: string;
  /** The member's file relative to the repository root: its argv[0], as `rts run` gives it when run from there. */
  file: string;
}

/**
 * Writes the driver to driverFile: main(argv) runs the member named argv[1] with argv
 * [member.file, ...argv[2..]] (what `rts run member.file ...` gives it, run from the repository
 * root) and returns its status; UNKNOWN_MEMBER for a name that is no member's. The mains are
 * called through a table, so that the optimiser does not inline them into the driver's main:
 * each stays a graph of its own, as it is in the program alone, and the driver's main stays small.
 */
export function writeBatchDriver(driverFile: string, members: readonly BatchMember[]): void {
  const from = path.dirname(driverFile);
  const specifier = (file: string) => {
    const relative = path.relative(from, path.join(repoRoot, file));
    return JSON.stringify(relative.startsWith(".") ? relative : `./${relative}`);
  };
  const imports = members.map((m, i) => `import { main as main${i} } from ${specifier(m.file)};`);
  writeFileSync(
    driverFile,
    `${imports.join("\n")}

/** The members' names and files, and their mains (called through the table, so never inlined into the driver's main). */
const NAMES: string[] = ${JSON.stringify(members.map((m) => m.name))};
const FILES: string[] = ${JSON.stringify(members.map((m) => m.file))};
const MAINS: ((argv: string[]) => number)[] = [${members.map((_, i) => `main${i}`).join(", ")}];

export function main(argv: string[]): number {
  const name = argv[1]!;
  for (let i = 0; i < NAMES.length; i++) {
    if (NAMES[i] !== name) continue;
    const args: string[] = [FILES[i]!];
    for (let j = 2; j < argv.length; j++) args.push(argv[j]!);
    return MAINS[i]!(args);
  }
  return ${UNKNOWN_MEMBER};
}
`,
  );
}

/** text without the lines of an uncaught exception's trace that name a frame of the driver. */
export function withoutDriverFrames(driverFile: string, text: string): string {
  const name = path.basename(driverFile).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return text.replace(new RegExp(`^.*\\b${name}:\\d+.*\\n`, "gm"), "");
}
