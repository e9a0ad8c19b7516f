// The receiver of a method is a variable like any other: used after jitMergePoint, it must be
// a green or a red.

import { JitDriver } from "rts";

const driver = new JitDriver({ greens: ["pc"], reds: ["acc"], name: "machine" });

class Machine {
  steps = 0;

  run(n: number): number {
    let pc = 0;
    let acc = 0;
    while (pc < n) {
      driver.jitMergePoint({ pc, acc });
      acc += pc;
      this.steps++;
      pc++;
    }
    return acc;
  }
}

export function main(argv: string[]): number {
  return new Machine().run(argv.length);
}
/* ==== error
tests/annotator/golden/errors/jit-live-across-merge-point-this.ts:15:7: error: JitDriver machine: jitMergePoint(): 'this' is used after the merge point but is neither a green nor a red of machine (greens: pc; reds: acc); copy it into a local before the loop (const self = this) and pass that as a red
> 15 |       driver.jitMergePoint({ pc, acc });
     |       ^
  reached from: main (tests/annotator/golden/errors/jit-live-across-merge-point-this.ts:25) -> Machine.run

1 error
*/
