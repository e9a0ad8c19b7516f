// Numbers pushed after their isNaN test: the array holds ints.

function numbers(text: string): number[] {
  const result: number[] = [];
  for (const part of text.split(",")) {
    const n = parseInt(part.trim());
    if (isNaN(n)) continue;
    result.push(n);
  }
  return result;
}

export function main(argv: string[]): number {
  const xs = numbers(`4, 8, x, 15, 16, ${argv.length > 1 ? argv[1]! : "23"}, 42`);
  const squares = new Int32Array(xs.length);
  for (let i = 0; i < xs.length; i++) squares[i] = xs[i]! * xs[i]!;
  console.log(xs.join(" "), squares[xs.length - 1]);
  return xs[0]!;
}
/* ==== annotate
narrow-array-items.ts:3 numbers(text: string) -> int[]
narrow-array-items.ts:13 main(argv: string[]) -> int
*/
