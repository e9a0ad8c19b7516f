// == and != are only for null checks in RTS.

export function main(argv: string[]): number {
  const n = argv.length;
  // @ts-expect-error: comparing a number with a string
  return n == "2" ? 1 : 0;
}
/* ==== error
tests/annotator/golden/errors/loose-equality.ts:6:10: error: == and != are only for comparing with null or undefined in RTS; use === and !==
> 6 |   return n == "2" ? 1 : 0;
    |          ^
  reached from: main

1 error
*/
