// setParam's value is an integer, or for enable_opts a constant string of the optimizer's passes.

import { JitDriver } from "rts";

const driver = new JitDriver({ greens: ["pc"], reds: [] });

function setThreshold(n: number): void {
  driver.setParam("threshold", n / 2);
}

function setLimit(): void {
  driver.setParam("trace_limit", "6000");
}

function setPasses(): void {
  driver.setParam("enable_opts", "rewrite:inline");
}

function setPassesFrom(argv: string[]): void {
  driver.setParam("enable_opts", argv[0]!);
}

export function main(argv: string[]): number {
  setThreshold(argv.length);
  setLimit();
  setPasses();
  setPassesFrom(argv);
  return 0;
}
/* ==== error
tests/annotator/golden/errors/jit-set-param-value.ts:8:10: error: JitDriver jitdriver: setParam(): threshold takes an integer, not float (after a test that Number.isInteger(x) is true, x is an integer)
> 8 |   driver.setParam("threshold", n / 2);
    |          ^
  reached from: main (tests/annotator/golden/errors/jit-set-param-value.ts:24) -> setThreshold

tests/annotator/golden/errors/jit-set-param-value.ts:12:10: error: JitDriver jitdriver: setParam(): trace_limit takes an integer, not string
> 12 |   driver.setParam("trace_limit", "6000");
     |          ^
  reached from: main (tests/annotator/golden/errors/jit-set-param-value.ts:25) -> setLimit

tests/annotator/golden/errors/jit-set-param-value.ts:16:10: error: JitDriver jitdriver: setParam(): enable_opts takes a constant string, "all" or the optimizer's passes separated by colons (intbounds:rewrite:virtualize:string:pure:heap:unroll), not "rewrite:inline"
> 16 |   driver.setParam("enable_opts", "rewrite:inline");
     |          ^
  reached from: main (tests/annotator/golden/errors/jit-set-param-value.ts:26) -> setPasses

tests/annotator/golden/errors/jit-set-param-value.ts:20:10: error: JitDriver jitdriver: setParam(): enable_opts takes a constant string, "all" or the optimizer's passes separated by colons (intbounds:rewrite:virtualize:string:pure:heap:unroll), not string
> 20 |   driver.setParam("enable_opts", argv[0]!);
     |          ^
  reached from: main (tests/annotator/golden/errors/jit-set-param-value.ts:27) -> setPassesFrom

4 errors
*/
