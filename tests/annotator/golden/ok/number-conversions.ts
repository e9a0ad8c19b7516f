// Strings to numbers and back: parseInt, parseFloat and Number give floats (NaN is possible);
// isNaN and Number.isInteger test them; toString and toFixed format.

function parseCount(text: string): number {
  const n = parseInt(text, 10);
  if (isNaN(n)) return 0;
  return Math.floor(n);
}

function format(x: number): string {
  return x.toFixed(2) + " " + (255).toString(16);
}

export function main(argv: string[]): number {
  const count = parseCount((argv.length > 1 ? argv[1]! : "7"));
  const ratio = parseFloat("2.5") * Number("4");
  console.log(format(ratio), Number.isInteger(ratio));
  return count;
}
/* ==== annotate
number-conversions.ts:4 parseCount(text: string) -> int
number-conversions.ts:10 format(x: float) -> string
number-conversions.ts:14 main(argv: string[]) -> int
*/
