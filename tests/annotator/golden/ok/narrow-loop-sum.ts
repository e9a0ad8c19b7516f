// A running total of checked numbers stays an int across the loop.

export function main(argv: string[]): number {
  let total = 0;
  let bad = 0;
  const inputs = ["10", "20", "thirty", "40"];
  for (const arg of argv) inputs.push(arg);
  for (const text of inputs) {
    const n = parseInt(text);
    if (isNaN(n)) {
      bad++;
      continue;
    }
    total += n;
  }
  const digits = String(total);
  console.log(total, bad, digits[digits.length - 1]!, (total >> 1) | 0);
  return total % 100;
}
/* ==== annotate
narrow-loop-sum.ts:3 main(argv: string[]) -> int
*/
