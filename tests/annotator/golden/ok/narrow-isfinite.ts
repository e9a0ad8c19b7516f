// `isFinite(n)` and `Number.isFinite(n)` on an integer that may be NaN: true means an int.

function level(text: string): number {
  const n = parseInt(text);
  if (isFinite(n)) return n;
  return 0;
}

function depth(text: string): number {
  const n = parseInt(text, 8);
  return Number.isFinite(n) ? n : -1;
}

export function main(argv: string[]): number {
  const bars = ["", "#", "##", "###"];
  for (const text of ["1", "3", "none", argv.length > 1 ? argv[1]! : "2"]) console.log(bars[level(text) % 4]!, depth(text));
  return 0;
}
/* ==== annotate
narrow-isfinite.ts:3 level(text: string) -> int
narrow-isfinite.ts:9 depth(text: string) -> int
narrow-isfinite.ts:14 main(argv: string[]) -> int
*/
