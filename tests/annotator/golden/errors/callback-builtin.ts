// A builtin function given to an array method is written as an arrow that calls it.

export function main(argv: string[]): number {
  const numbers = argv.map(Number);
  return numbers.length;
}
/* ==== error
tests/annotator/golden/errors/callback-builtin.ts:4:24: error: map() takes a function of the program, not the builtin Number; write an arrow that calls it: map((x) => Number(x))
> 4 |   const numbers = argv.map(Number);
    |                        ^
  reached from: main

1 error
*/
