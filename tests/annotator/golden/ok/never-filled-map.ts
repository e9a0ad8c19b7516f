// A Map that is never filled: its values are impossible, and get() gives undefined (the `??`
// fallback), which the rtyper lowers although the other exit of `??` is never taken.

export function main(argv: string[]): number {
  const counts = new Map<string, number>();
  for (let i = 0; i < 2; i++) {
    if ((counts.get("s") ?? -1) !== 0) console.log("absent", counts.get("s") ?? -1, counts.size);
  }
  for (const [key, n] of counts) console.log(key, String(n));
  return 0;
}
/* ==== annotate
never-filled-map.ts:4 main(argv: string[]) -> int
*/
