// Maps and Sets built at import time: the keyword table of a scanner.

const KEYWORDS = new Map<string, number>([
  ["and", 1],
  ["or", 2],
  ["not", 3],
]);
const RESERVED = new Set(["class", "fun", "var"]);

function classify(word: string): number {
  const keyword = KEYWORDS.get(word);
  if (keyword !== undefined) return keyword;
  return RESERVED.has(word) ? 0 : -1;
}

export function main(argv: string[]): number {
  let sum = 0;
  for (const arg of argv) sum += classify(arg);
  return sum + KEYWORDS.size;
}
/* ==== annotate
prebuilt-maps.ts:10 classify(word: string) -> int
prebuilt-maps.ts:16 main(argv: string[]) -> int
*/
