// setUserParam takes the parameters' text, a string that is never null.

import { JitDriver } from "rts";

const driver = new JitDriver({ greens: ["pc"], reds: [] });

function fromArgument(argv: string[]): boolean {
  const text = argv.length > 1 ? argv[1]! : null;
  // @ts-expect-error: a string or null
  return driver.setUserParam(text);
}

function fromNumber(n: number): boolean {
  // @ts-expect-error: a number
  return driver.setUserParam(n);
}

export function main(argv: string[]): number {
  const a = fromArgument(argv);
  const b = fromNumber(argv.length);
  return a && b ? 0 : 1;
}
/* ==== error
tests/annotator/golden/errors/jit-set-user-param-type.ts:10:17: error: JitDriver jitdriver: setUserParam() takes a string (such as "threshold=3,trace_eagerness=2"), not string | null
> 10 |   return driver.setUserParam(text);
     |                 ^
  reached from: main (tests/annotator/golden/errors/jit-set-user-param-type.ts:19) -> fromArgument

tests/annotator/golden/errors/jit-set-user-param-type.ts:15:17: error: JitDriver jitdriver: setUserParam() takes a string (such as "threshold=3,trace_eagerness=2"), not int
> 15 |   return driver.setUserParam(n);
     |                 ^
  reached from: main (tests/annotator/golden/errors/jit-set-user-param-type.ts:20) -> fromNumber
tests/annotator/golden/errors/jit-set-user-param-type.ts:20:13: note: parameter 'n' of fromNumber is int because it is given argv.length here

2 errors
*/
