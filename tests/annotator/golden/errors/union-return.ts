// A function that returns an int on one path and a string on another.

function parse(text: string): number | string {
  const n = parseInt(text, 10);
  if (isNaN(n)) return "not a number";
  return Math.floor(n);
}

export function main(argv: string[]): number {
  console.log(parse(argv[1] ?? "1"));
  return 0;
}
/* ==== error
tests/annotator/golden/errors/union-return.ts:6:10: error: parse returns values of different types: string and int are different types (the string comes from line 5)
> 6 |   return Math.floor(n);
    |          ^
  reached from: main (tests/annotator/golden/errors/union-return.ts:10) -> parse

1 error
*/
