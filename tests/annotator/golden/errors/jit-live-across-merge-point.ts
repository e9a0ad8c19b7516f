// Every variable used after jitMergePoint must be one of its driver's greens or reds: when a
// trace leaves, the interpreter resumes from them alone (RPython rejects the same).

import { JitDriver } from "rts";

const driver = new JitDriver({ greens: ["pc", "code"], reds: ["acc"], name: "sum" });

function run(code: string): number {
  let pc = 0;
  let acc = 0;
  const limit = code.length;
  while (pc < limit) {
    driver.jitMergePoint({ pc, code, acc });
    acc += code.charCodeAt(pc);
    if (acc > limit * 1000) acc = 0;
    pc++;
  }
  return acc;
}

export function main(argv: string[]): number {
  return run(argv[0]!);
}
/* ==== error
tests/annotator/golden/errors/jit-live-across-merge-point.ts:13:5: error: JitDriver sum: jitMergePoint(): the variable 'limit' is used after the merge point but is neither a green nor a red of sum (greens: pc, code; reds: acc); pass it as a red, or compute it after the merge point
> 13 |     driver.jitMergePoint({ pc, code, acc });
     |     ^
  reached from: main (tests/annotator/golden/errors/jit-live-across-merge-point.ts:22) -> run

1 error
*/
