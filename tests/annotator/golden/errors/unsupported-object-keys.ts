// Object functions are not RTS: there are no plain objects to enumerate.

class Options {
  verbose = false;
  level = 1;
}

export function main(argv: string[]): number {
  const options = new Options();
  return Object.keys(options).length + argv.length;
}
/* ==== error
tests/annotator/golden/errors/unsupported-object-keys.ts:10:10: error: Object is not supported in RTS; RTS has no Object functions; use a class, a Map or an array
> 10 |   return Object.keys(options).length + argv.length;
     |          ^
  reached from: main

1 error
*/
