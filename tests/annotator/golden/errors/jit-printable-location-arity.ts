// getPrintableLocation takes the driver's greens, in order: one parameter per green.

import { JitDriver } from "rts";

function location(pc: number): string {
  return `at ${pc}`;
}

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
tests/annotator/golden/errors/jit-printable-location-arity.ts:15:5: error: JitDriver loc: getPrintableLocation (location) takes 1 parameter, but the driver has 2 greens (pc, code), which it is called with in that order
> 15 |     driver.jitMergePoint({ pc, code, acc });
     |     ^
  reached from: main (tests/annotator/golden/errors/jit-printable-location-arity.ts:23) -> run

1 error
*/
