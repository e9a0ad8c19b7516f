// Regular expressions are not RTS.

export function main(argv: string[]): number {
  const text = argv[1] ?? "";
  return /^[0-9]+$/.test(text) ? 1 : 0;
}
/* ==== error
tests/annotator/golden/errors/regex.ts:5:10: error: regular expressions are not RTS; scan the string with charCodeAt or indexOf
> 5 |   return /^[0-9]+$/.test(text) ? 1 : 0;
    |          ^
  reached from: main

1 error
*/
