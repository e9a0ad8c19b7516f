// jitMergePoint must name every green and red variable of its driver.

import { JitDriver } from "rts";

const driver = new JitDriver({ greens: ["pc"], reds: ["acc", "steps"] });

function run(n: number): number {
  let pc = 0;
  let acc = 0;
  let steps = 0;
  while (pc < n) {
    driver.jitMergePoint({ pc, acc });
    acc += pc;
    pc++;
    steps++;
  }
  return acc + steps;
}

export function main(argv: string[]): number {
  return run(argv.length);
}
/* ==== error
tests/annotator/golden/errors/jit-hint-missing-red.ts:12:5: error: JitDriver jitdriver: jitMergePoint() must name every green and red variable; 'steps' (a red) is missing
> 12 |     driver.jitMergePoint({ pc, acc });
     |     ^
  reached from: main (tests/annotator/golden/errors/jit-hint-missing-red.ts:21) -> run

1 error
*/
