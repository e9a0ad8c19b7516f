// An arrow function created at run time is a closure.

function applyTwice(f: (x: number) => number, x: number): number {
  return f(f(x));
}

export function main(argv: string[]): number {
  const offset = argv.length;
  return applyTwice((x) => x + offset, 1);
}
/* ==== error
tests/annotator/golden/errors/closure-arrow.ts:9:21: error: an arrow function used as a value (stored, returned or passed to a function) is a closure, which RTS does not have; declare a module-level function instead, with what it uses from here (offset) as extra parameters, and call or pass that (an arrow is RTS only written directly as the callback of an array method: map, filter, forEach, some, every, find, findIndex, reduce and sort)
> 9 |   return applyTwice((x) => x + offset, 1);
    |                     ^
  reached from: main

1 error
*/
