// A plain object built at import time: RTS data are instances of the program's classes.

const CONFIG = { width: 80, height: 24 };

export function main(argv: string[]): number {
  return CONFIG.width + argv.length;
}
/* ==== error
tests/annotator/golden/errors/prebuilt-plain-object.ts:6:10: error: an object literal built at import time is not an RTS value; make it an instance of a class of the program
> 6 |   return CONFIG.width + argv.length;
    |          ^
  reached from: main

1 error
*/
