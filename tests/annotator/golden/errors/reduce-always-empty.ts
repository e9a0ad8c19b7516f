// reduce without an initial value on an array that never gets an item always throws.

export function main(argv: string[]): number {
  const none: number[] = [];
  return argv.length + none.reduce((a, b) => a + b);
}
/* ==== error
tests/annotator/golden/errors/reduce-always-empty.ts:5:29: error: reduce() without an initial value on an array that is always empty (no item is ever put into it) always throws a TypeError; give reduce() an initial value: reduce((acc, x) => ..., initial)
> 5 |   return argv.length + none.reduce((a, b) => a + b);
    |                             ^
  reached from: main

1 error
*/
