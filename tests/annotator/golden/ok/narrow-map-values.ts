// A Map whose values are set only after the isNaN test holds ints.

function parsePairs(text: string): Map<string, number> {
  const pairs = new Map<string, number>();
  for (const item of text.split(" ")) {
    const colon = item.indexOf(":");
    const n = parseInt(item.slice(colon + 1));
    if (colon < 0 || isNaN(n)) continue;
    pairs.set(item.slice(0, colon), n);
  }
  return pairs;
}

export function main(argv: string[]): number {
  const pairs = parsePairs(`a:1 b:x c:3 ${argv.length > 2 ? argv[2]! : "d"}:4`);
  const table = ["zero", "one", "two", "three", "four"];
  for (const [key, value] of pairs) console.log(key, table[value]!);
  return pairs.size;
}
/* ==== annotate
narrow-map-values.ts:3 parsePairs(text: string) -> Map<string, int>
narrow-map-values.ts:14 main(argv: string[]) -> int
*/
