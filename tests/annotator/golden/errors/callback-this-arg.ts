// A thisArg (map's second argument) is not RTS: an arrow uses what it needs directly.

class Offset {
  by = 2;
}

function shift(this: Offset, x: number): number {
  return x + this.by;
}

export function main(argv: string[]): number {
  return [1, argv.length].map(shift, new Offset()).length;
}
/* ==== error
tests/annotator/golden/errors/callback-this-arg.ts:12:27: error: map(f, thisArg) is not RTS: give map() an arrow that uses what it needs
> 12 |   return [1, argv.length].map(shift, new Offset()).length;
     |                           ^
  reached from: main

1 error
*/
