// `let n = parseInt(s); if (isNaN(n)) n = 0;`: both ways the variable holds an int.

function count(text: string): number {
  let n = parseInt(text, 10);
  if (isNaN(n)) n = 0;
  return n;
}

export function main(argv: string[]): number {
  const xs: number[] = [];
  for (const text of ["5", "-", argv.length > 1 ? argv[1]! : "1"]) xs.push(count(text));
  const marks = ["", "a", "bb", "ccc", "dddd", "eeeee", "f", "g"];
  for (const x of xs) console.log(x, marks[x % marks.length]!);
  return xs.length;
}
/* ==== annotate
narrow-isnan-reassign.ts:3 count(text: string) -> int
narrow-isnan-reassign.ts:9 main(argv: string[]) -> int
*/
