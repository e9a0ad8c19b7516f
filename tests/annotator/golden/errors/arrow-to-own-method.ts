// Arrows are RTS only as the callback of an array method: a method of the program's own class
// takes a module-level function instead (ok/arrow-advice-followed.ts).

class Bag {
  items: number[] = [1, 2, 3];
  count(test: (x: number) => boolean): number {
    let n = 0;
    for (const x of this.items) if (test(x)) n++;
    return n;
  }
}

export function main(argv: string[]): number {
  return new Bag().count((x) => x > argv.length);
}
/* ==== error
tests/annotator/golden/errors/arrow-to-own-method.ts:14:20: error: an arrow function given to Bag.count() would be a closure, which RTS does not have: RTS has arrows only as the callback of an array method (map, filter, forEach, some, every, find, findIndex, reduce and sort); declare a module-level function and pass it, with what it uses as arguments
> 14 |   return new Bag().count((x) => x > argv.length);
     |                    ^
  reached from: main

1 error
*/
