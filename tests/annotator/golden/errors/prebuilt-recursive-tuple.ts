// A mixed array built at import time that contains itself: a tuple of infinite type.

type Node = [string, Node | null];
const LOOP: Node = ["loop", null];
LOOP[1] = LOOP;

export function main(argv: string[]): number {
  return LOOP[0].length + argv.length;
}
/* ==== error
tests/annotator/golden/errors/prebuilt-recursive-tuple.ts:8:10: error: an array built at import time contains itself and its items have different types, which makes it a tuple whose type would be infinite; hold such data in instances of a class
> 8 |   return LOOP[0].length + argv.length;
    |          ^
  reached from: main

1 error
*/
