// A program's own setParam and setUserParam methods are calls like any other, beside a
// JitDriver's (which are the JIT's only on the driver itself, a module-level constant).

import { JitDriver } from "rts";

class Options {
  threshold = 0;

  setParam(name: string, value: number): void {
    if (name === "threshold") this.threshold = value;
  }

  setUserParam(text: string): boolean {
    return text.length > 0;
  }
}

const driver = new JitDriver({ greens: ["pc"], reds: [] });

export function main(argv: string[]): number {
  const options = new Options();
  options.setParam("threshold", argv.length);
  driver.setParam("threshold", argv.length);
  driver.setParam("enable_opts", "all");
  const own = options.setUserParam("x");
  const jit = driver.setUserParam(argv[0]!);
  return own && jit ? options.threshold : 0;
}
/* ==== annotate
set-param-own-methods.ts:6 class Options
  threshold: int
set-param-own-methods.ts:6 Options.constructor() -> void
set-param-own-methods.ts:9 Options.setParam(name: string, value: int) -> void
set-param-own-methods.ts:13 Options.setUserParam(text: char) -> bool
set-param-own-methods.ts:20 main(argv: string[]) -> int
*/
