// Math.min and Math.max of integers that may be NaN give one; the test after them gives an int.

function clamp(text: string, low: number, high: number): number {
  const n = Math.max(low, Math.min(parseInt(text), high));
  if (isNaN(n)) return low;
  return n;
}

export function main(argv: string[]): number {
  const gauge = "0123456789";
  for (const text of ["4", "42", "-3", "?", argv.length > 1 ? argv[1]! : "8"]) console.log(gauge[clamp(text, 0, 9)]!, Math.abs(parseInt(text)));
  return 0;
}
/* ==== annotate
narrow-min-max.ts:3 clamp(text: string, low: int, high: int) -> int
narrow-min-max.ts:9 main(argv: string[]) -> int
*/
