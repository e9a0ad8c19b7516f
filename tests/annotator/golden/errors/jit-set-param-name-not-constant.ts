// setParam's name must be a constant string: the rtyper lowers it to the parameter's index.

import { JitDriver } from "rts";

const driver = new JitDriver({ greens: ["pc"], reds: [] });

export function main(argv: string[]): number {
  const name = argv.length > 1 ? "threshold" : "trace_limit";
  driver.setParam(name, 3);
  return 0;
}
/* ==== error
tests/annotator/golden/errors/jit-set-param-name-not-constant.ts:9:10: error: JitDriver jitdriver: setParam(): the parameter's name must be a constant string (one of threshold, function_threshold, trace_eagerness, decay, trace_limit, inlining, loop_longevity, retrace_limit, max_retrace_guards, max_unroll_loops, disable_unrolling, enable_opts, max_unroll_recursion), not string
> 9 |   driver.setParam(name, 3);
    |          ^
  reached from: main

1 error
*/
