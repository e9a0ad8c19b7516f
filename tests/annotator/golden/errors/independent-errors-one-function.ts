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
tests/annotator/golden/errors/independent-errors-one-function.ts:8:19: error: object literals are not RTS; declare a class with these fields and use `new`
 8 |   const options = { verbose: argv.length > 1 };
   |                   ^
  reached from: main

tests/annotator/golden/errors/independent-errors-one-function.ts:9:18: error: an arrow function created at run time is a closure, which RTS does not have; use a module-level function or a method (and pass what it needs as arguments)
 9 |   const double = (x: number) => x * 2;
   |                  ^
  reached from: main

tests/annotator/golden/errors/independent-errors-one-function.ts:11:15: error: an index must be an integer, got float (after a test that Number.isInteger(x) is true, x is an integer)
 11 |   console.log(NAMES[half]!, options.verbose, double(3));
    |               ^
  reached from: main
tests/annotator/golden/errors/independent-errors-one-function.ts:10:16: note: this value is float because it is a quotient here, which is always a float

3 errors
*/
