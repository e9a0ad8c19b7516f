// An object built at import time from a class that is not part of the program.

const STARTED = new Date();

export function main(argv: string[]): number {
  return STARTED.getFullYear() + argv.length;
}
/* ==== error
tests/annotator/golden/errors/prebuilt-foreign-object.ts:6:10: error: a Date built at import time is not an RTS value: only instances of the program's classes, arrays, Maps, Sets and typed arrays can be
> 6 |   return STARTED.getFullYear() + argv.length;
    |          ^
  reached from: main

1 error
*/
