// An arrow returned from a function escapes: a closure.

function adder(k: number): (x: number) => number {
  return (x) => x + k;
}

export function main(argv: string[]): number {
  return [1, 2].map(adder(argv.length)).length;
}
/* ==== error
tests/annotator/golden/errors/arrow-returned.ts:4:10: error: an arrow function used as a value (stored, returned or passed to a function) is a closure, which RTS does not have; declare a module-level function instead, with what it uses from here (k) as extra parameters, and call or pass that (an arrow is RTS only written directly as the callback of an array method: map, filter, forEach, some, every, find, findIndex, reduce and sort)
> 4 |   return (x) => x + k;
    |          ^
  reached from: main (tests/annotator/golden/errors/arrow-returned.ts:8) -> adder

1 error
*/
