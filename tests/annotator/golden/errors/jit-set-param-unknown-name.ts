// setParam's name must be one of the JIT's parameters (src/lib/jit-params.ts).

import { JitDriver } from "rts";

const driver = new JitDriver({ greens: ["pc"], reds: [] });

export function main(argv: string[]): number {
  driver.setParam("treshold", 3);
  return argv.length;
}
/* ==== error
tests/annotator/golden/errors/jit-set-param-unknown-name.ts:8:10: error: JitDriver jitdriver: setParam(): "treshold" is not a JIT parameter (threshold, function_threshold, trace_eagerness, decay, trace_limit, inlining, loop_longevity, retrace_limit, max_retrace_guards, max_unroll_loops, disable_unrolling, enable_opts, max_unroll_recursion)
> 8 |   driver.setParam("treshold", 3);
    |          ^
  reached from: main

1 error
*/
