// + - * % on integers that may be NaN keep them integers or NaN; one isNaN test at the end suffices.

function twoDigits(tens: string, ones: string): number {
  const n = parseInt(tens) * 10 + parseInt(ones) - 0;
  const m = -(n % 100);
  if (isNaN(n) || isNaN(m)) return -1;
  return n - m * 0;
}

export function main(argv: string[]): number {
  const names = new Map<number, string>([[42, "answer"], [7, "seven"]]);
  for (const [a, b] of [["4", "2"], ["0", "7"], ["x", "1"], [argv.length > 1 ? argv[1]! : "1", "0"]]) {
    const n = twoDigits(a!, b!);
    console.log(n, names.get(n) ?? "-", String.fromCharCode(64 + (n % 26 + 26) % 26));
  }
  return 0;
}
/* ==== annotate
narrow-arithmetic.ts:3 twoDigits(tens: string, ones: string) -> int
narrow-arithmetic.ts:10 main(argv: string[]) -> int
*/
