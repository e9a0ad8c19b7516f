// The JIT hints: a JitDriver made at import time, jitMergePoint at the top of the dispatch
// loop and canEnterJit on a backward jump, naming every green and red variable.

import { JitDriver } from "rts";

const driver = new JitDriver({ greens: ["pc", "code"], reds: ["acc"], name: "tiny" });

function interpret(code: string): number {
  let pc = 0;
  let acc = 0;
  while (pc < code.length) {
    driver.jitMergePoint({ pc, code, acc });
    const c = code[pc];
    pc++;
    if (c === "+") acc++;
    else if (c === "-") acc--;
    else if (c === "<" && acc > 0) {
      pc = 0;
      driver.canEnterJit({ pc, code, acc });
    }
  }
  return acc;
}

export function main(argv: string[]): number {
  return interpret((argv.length > 1 ? argv[1]! : "++-"));
}
/* ==== annotate
jit-driver.ts:8 interpret(code: string) -> int
jit-driver.ts:25 main(argv: string[]) -> int
*/
