// setParam takes a parameter's name and its value.

import { JitDriver } from "rts";

const driver = new JitDriver({ greens: ["pc"], reds: [] });

export function main(argv: string[]): number {
  // @ts-expect-error: the value is missing
  driver.setParam("threshold");
  return argv.length;
}
/* ==== error
tests/annotator/golden/errors/jit-set-param-arity.ts:9:3: error: setParam() takes a parameter's name and its value, e.g. setParam("threshold", 3)
> 9 |   driver.setParam("threshold");
    |   ^
  reached from: main

1 error
*/
