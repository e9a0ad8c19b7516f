// pop() gives undefined on an empty array: arithmetic on its result needs a check (or `!`).

export function main(argv: string[]): number {
  const stack = [argv.length];
  // @ts-expect-error: pop() may give undefined
  return stack.pop() + 1;
}
/* ==== error
tests/annotator/golden/errors/nullable-arithmetic.ts:6:10: error: + on a value that may be undefined (int | undefined): test it first (x !== undefined), or write x! if it cannot be undefined here
> 6 |   return stack.pop() + 1;
    |          ^
  reached from: main

1 error
*/
