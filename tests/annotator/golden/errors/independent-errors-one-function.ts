// Three independent errors of different kinds in one function are reported together: an
// object literal and a closure make only their own values impossible, so the type clash after
// them is still found.

const NAMES = ["zero", "one", "two"];

export function main(argv: string[]): number {
  const options = { verbose: argv.length > 1 };
  const double = (x: number) => x * 2;
  const half = argv.length / 2;
  console.log(NAMES[half]!, options.verbose, double(3));
  return 0;
}
/* ==== error
tests/annotator/golden/errors/independent-errors-one-function.ts:9:18: error: an arrow function used as a value (stored, returned or passed to a function) is a closure, which RTS does not have; declare a module-level function instead and call or pass that (an arrow is RTS only written directly as the callback of an array method: map, filter, forEach, some, every, find, findIndex, reduce and sort)
> 9 |   const double = (x: number) => x * 2;
    |                  ^
  reached from: main

1 error
*/
