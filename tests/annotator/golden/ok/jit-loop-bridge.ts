// A loop the JIT compiles, with a branch that gets a bridge: a tiny machine whose program
// counts down, adding on every third turn. Run with the JIT (tests/differential/jit-llinterp),
// the loop and the bridge compile and run; everywhere else it is a plain loop.

import { JitDriver } from "rts";

const driver = new JitDriver({ greens: ["pc", "code"], reds: ["n", "acc"], name: "countdown" });

/** d: n -= 1; t: acc += n when n % 3 == 0, else acc += 1; j: back to the start while n > 0. */
function run(code: string, n: number): number {
  let pc = 0;
  let acc = 0;
  while (pc < code.length) {
    driver.jitMergePoint({ pc, code, n, acc });
    const c = code[pc];
    pc++;
    if (c === "d") n -= 1;
    else if (c === "t") acc += n % 3 === 0 ? n : 1;
    else if (c === "j" && n > 0) {
      pc = 0;
      driver.canEnterJit({ pc, code, n, acc });
    }
  }
  return acc;
}

export function main(argv: string[]): number {
  const turns = argv.length > 1 ? 40 + argv[1]!.length * 10 : 60;
  console.log("dtj", turns, run("dtj", turns));
  console.log("tdtj", turns, run("tdtj", turns));
  return 0;
}
/* ==== annotate
jit-loop-bridge.ts:10 run(code: string, n: int) -> int
jit-loop-bridge.ts:27 main(argv: string[]) -> int
*/
