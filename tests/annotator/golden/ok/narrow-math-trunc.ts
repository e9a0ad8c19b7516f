// Math.trunc, Math.round and Math.ceil of parseInt's result stay integers or NaN until tested.

function clampIndex(text: string, length: number): number {
  const t = Math.trunc(parseInt(text));
  const r = Math.round(parseInt(text));
  const c = Math.ceil(parseInt(text));
  if (isNaN(t) || isNaN(r) || isNaN(c)) return 0;
  return Math.min(Math.max(t + r - c, 0), length - 1);
}

export function main(argv: string[]): number {
  const words = ["zero", "one", "two", "three"];
  for (const text of ["2", "-4", "9", "?", argv.length > 1 ? argv[1]! : "1"]) console.log(words[clampIndex(text, words.length)]!);
  return 0;
}
/* ==== annotate
narrow-math-trunc.ts:3 clampIndex(text: string, length: int) -> int
narrow-math-trunc.ts:11 main(argv: string[]) -> int
*/
