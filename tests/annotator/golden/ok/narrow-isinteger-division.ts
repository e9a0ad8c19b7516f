// A quotient is a float; `Number.isInteger(half)` makes it an int for indexing.

function middle(xs: string[]): string {
  const half = (xs.length - 1) / 2;
  if (Number.isInteger(half)) return xs[half]!;
  return `${xs[Math.floor(half)]!}/${xs[Math.ceil(half)]!}`;
}

export function main(argv: string[]): number {
  console.log(middle(["a", "b", "c"]), middle(["a", "b", "c", "d"]), middle(argv.length > 2 ? argv : ["x"]));
  return 0;
}
/* ==== annotate
narrow-isinteger-division.ts:3 middle(xs: string[]) -> string
narrow-isinteger-division.ts:9 main(argv: string[]) -> int
*/
