// new Set(array) and new Map(array of [key, value] pairs) start from the items of an array.

function wordSet(words: string[]): Set<string> {
  return new Set(words);
}

function codeTable(): Map<string, number> {
  return new Map<string, number>([
    ["a", 97],
    ["zero", 48],
  ]);
}

export function main(argv: string[]): number {
  const seen = wordSet(argv);
  const codes = codeTable();
  const byWord = new Map<string, string[]>();
  byWord.set("x", argv);
  return seen.size + (codes.get("zero") ?? 0) + byWord.size;
}
/* ==== annotate
containers-from-arrays.ts:3 wordSet(words: string[]) -> Set<string>
containers-from-arrays.ts:7 codeTable() -> Map<string, int>
containers-from-arrays.ts:14 main(argv: string[]) -> int
*/
