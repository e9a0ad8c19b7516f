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
 * root) and returns its status; UNKNOWN_MEMBER for a name that is no member's.
 */
export function writeBatchDriver(driverFile: string, members: readonly BatchMember[]): void {
  const from = path.dirname(driverFile);
  const specifier = (file: string) => {
    const relative = path.relative(from, path.join(repoRoot, file));
    return JSON.stringify(relative.startsWith(".") ? relative : `./${relative}`);
  };
  const imports = members.map((m, i) => `import { main as main${i} } from ${specifier(m.file)};`);
  const calls = members.map((m, i) => `  if (name === ${JSON.stringify(m.name)}) return main${i}(withArgv0(argv, ${JSON.stringify(m.file)}));`);
  writeFileSync(
    driverFile,
    `${imports.join("\n")}

/** argv without the member's name, argv0 first. */
function withArgv0(argv: string[], argv0: string): string[] {
  const args: string[] = [argv0];
  for (let i = 2; i < argv.length; i++) args.push(argv[i]!);
  return args;
}

export function main(argv: string[]): number {
  const name = argv[1]!;
${calls.join("\n")}
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
