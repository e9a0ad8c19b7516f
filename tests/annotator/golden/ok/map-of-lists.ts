// Containers inside containers: a Map from strings to arrays of ints, and a Set of ints.

class Index {
  positions = new Map<string, number[]>();
  lengths = new Set<number>();

  add(word: string, at: number): void {
    let list = this.positions.get(word);
    if (list === undefined) {
      list = [];
      this.positions.set(word, list);
    }
    list.push(at);
    this.lengths.add(word.length);
  }
}

export function main(argv: string[]): number {
  const index = new Index();
  for (let i = 0; i < argv.length; i++) index.add(argv[i]!, i);
  const hits = index.positions.get("x");
  return (hits === undefined ? 0 : hits.length) + index.lengths.size;
}
/* ==== annotate
map-of-lists.ts:3 class Index
  lengths: Set<int>
  positions: Map<string, int[]>
map-of-lists.ts:3 Index.constructor() -> void
map-of-lists.ts:7 Index.add(word: string, at: int) -> void
map-of-lists.ts:18 main(argv: string[]) -> int
*/
