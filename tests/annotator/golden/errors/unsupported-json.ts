// JSON is not RTS.

export function main(argv: string[]): number {
  console.log(JSON.stringify(argv));
  return 0;
}
/* ==== error
tests/annotator/golden/errors/unsupported-json.ts:4:15: error: JSON is not supported in RTS; RTS has no JSON; write the output with template literals and parse input by hand
> 4 |   console.log(JSON.stringify(argv));
    |               ^
  reached from: main

1 error
*/
