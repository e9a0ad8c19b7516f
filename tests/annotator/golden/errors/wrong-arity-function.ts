// A function called with more arguments than it declares.

function square(x: number): number {
  return x * x;
}

export function main(argv: string[]): number {
  // @ts-expect-error: one argument too many
  return square(argv.length, 2);
}
/* ==== error
tests/annotator/golden/errors/wrong-arity-function.ts:9:10: error: square takes 1 argument, got 2
> 9 |   return square(argv.length, 2);
    |          ^
  reached from: main

1 error
*/
