// performance.now() is a float of milliseconds, Date.now() an int.

function busy(n: number): number {
  let x = 0;
  for (let i = 0; i < n; i++) x = (x * 31 + i) % 1000003;
  return x;
}

export function main(argv: string[]): number {
  const start = performance.now();
  const stamp = Date.now();
  const result = busy(1000 * (argv.length + 1));
  const elapsed = performance.now() - start;
  console.log(`${result} in ${elapsed.toFixed(1)} ms at ${stamp}`);
  return 0;
}
/* ==== annotate
timing.ts:3 busy(n: int) -> int
timing.ts:9 main(argv: string[]) -> int
*/
