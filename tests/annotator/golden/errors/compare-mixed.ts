// < between a number and a string.

export function main(argv: string[]): number {
  const first = argv[0] ?? "";
  // @ts-expect-error: comparing a number with a string
  return argv.length < first ? 1 : 0;
}
/* ==== error
tests/annotator/golden/errors/compare-mixed.ts:6:10: error: < compares two numbers or two strings, got int and string
> 6 |   return argv.length < first ? 1 : 0;
    |          ^
  reached from: main

1 error
*/
