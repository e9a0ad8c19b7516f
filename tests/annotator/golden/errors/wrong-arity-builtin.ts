// A builtin method called with the wrong number of arguments.

export function main(argv: string[]): number {
  const text = argv[0] ?? "";
  // @ts-expect-error: charCodeAt takes one argument
  return text.charCodeAt(0, 1);
}
/* ==== error
tests/annotator/golden/errors/wrong-arity-builtin.ts:6:15: error: charCodeAt() takes at most 1 argument, got 2
> 6 |   return text.charCodeAt(0, 1);
    |               ^
  reached from: main

1 error
*/
