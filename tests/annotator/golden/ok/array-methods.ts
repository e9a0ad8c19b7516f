// indexOf, includes, slice and join on arrays.

function without(xs: string[], drop: string): string[] {
  const i = xs.indexOf(drop);
  if (i < 0) return xs.slice();
  const result = xs.slice(0, i);
  for (const x of xs.slice(i + 1)) result.push(x);
  return result;
}

export function main(argv: string[]): number {
  const words = ["alpha", "beta", "gamma"];
  const kept = without(words, (argv.length > 1 ? argv[1]! : "beta"));
  console.log(kept.join(", "), words.includes("beta"));
  return kept.length;
}
/* ==== annotate
array-methods.ts:3 without(xs: string[], drop: string) -> string[]
array-methods.ts:11 main(argv: string[]) -> int
*/
