// `if (isNaN(n)) return fallback`: the function returns an int either way.

function parseOr(text: string, fallback: number): number {
  const n = parseInt(text);
  if (isNaN(n)) return fallback;
  return n;
}

export function main(argv: string[]): number {
  const width = parseOr(argv.length > 1 ? argv[1]! : "4", 2);
  const height = parseOr(argv.length > 2 ? argv[2]! : "x", 3);
  const row = "#".repeat(width);
  for (let i = 0; i < height; i++) console.log(row);
  return width * height;
}
/* ==== annotate
narrow-isnan-default.ts:3 parseOr(text: string, fallback: int) -> int
narrow-isnan-default.ts:9 main(argv: string[]) -> int
*/
