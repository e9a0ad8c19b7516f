// getPrintableLocation must return a string: the JIT writes it into its logs.

import { JitDriver } from "rts";

function location(pc: number, code: string): number {
  return code.charCodeAt(pc) + pc;
}

// @ts-expect-error: location returns a number
const driver = new JitDriver({ greens: ["pc", "code"], reds: ["acc"], name: "loc", getPrintableLocation: location });

function run(code: string): number {
  let pc = 0;
  let acc = 0;
  while (pc < code.length) {
    driver.jitMergePoint({ pc, code, acc });
    acc += code.charCodeAt(pc);
    pc++;
  }
  return acc;
}

export function main(argv: string[]): number {
  return run(argv[0]!);
}
/* ==== error
tests/annotator/golden/errors/jit-printable-location-result.ts:16:5: error: JitDriver loc: getPrintableLocation (location) must return a string, not int
> 16 |     driver.jitMergePoint({ pc, code, acc });
     |     ^
  reached from: main (tests/annotator/golden/errors/jit-printable-location-result.ts:24) -> run

1 error
*/
