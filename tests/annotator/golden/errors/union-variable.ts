// A variable that holds an int on one path and a string on another: RTS variables have one
// type. The error names both types and where each came from.

export function main(argv: string[]): number {
  let shown: number | string = argv.length;
  if (argv.length > 2) shown = "many";
  console.log(shown);
  return 0;
}
/* ==== error
tests/annotator/golden/errors/union-variable.ts:6:32: error: 'shown' is given values of different types: int and string are different types (the int comes from line 5)
> 6 |   if (argv.length > 2) shown = "many";
    |                                ^
  reached from: main

1 error
*/
