// getPrintableLocation is called with the greens' values: here the parameters are in the wrong
// order (code is a string, pc a number), which TypeScript's types do not see.

import { JitDriver } from "rts";

function location(code: string, pc: number): string {
  return `${code.charCodeAt(pc) + pc}`;
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
tests/annotator/golden/errors/jit-printable-location-types.ts:7:18: error: int has no method charCodeAt() in RTS
> 7 |   return `${code.charCodeAt(pc) + pc}`;
    |                  ^
  reached from: main (tests/annotator/golden/errors/jit-printable-location-types.ts:24) -> run (tests/annotator/golden/errors/jit-printable-location-types.ts:16) -> location

1 error
*/
