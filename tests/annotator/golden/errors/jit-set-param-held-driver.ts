// setParam is taken as the JIT's only on the driver itself, a module-level constant: through a
// field it is a method call, which a JitDriver does not have in translated code.

import { JitDriver } from "rts";

const driver = new JitDriver({ greens: ["pc"], reds: [] });

class Interpreter {
  readonly driver: JitDriver;

  constructor(d: JitDriver) {
    this.driver = d;
  }
}

export function main(argv: string[]): number {
  const interpreter = new Interpreter(driver);
  interpreter.driver.setParam("threshold", argv.length);
  return 0;
}
/* ==== error
tests/annotator/golden/errors/jit-set-param-held-driver.ts:18:22: error: setParam() must be called on the JitDriver itself (the module-level constant made with new JitDriver), not on a value holding it: the translator reads the call there
> 18 |   interpreter.driver.setParam("threshold", argv.length);
     |                      ^
  reached from: main

1 error
*/
