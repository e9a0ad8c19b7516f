// Arrows written as the callback of an array method: without captures, with captured variables
// (read when the method is called: a variable reassigned before the call is seen with its value
// then), `this` in a method, nested arrows, and arrows that use the index.

class Shelf {
  items: number[] = [4, 1, 3];
  factor = 10;

  scaled(): number[] {
    return this.items.map((x) => x * this.factor);
  }

  /** For each item, how many others are greater: a nested arrow captures the outer item. */
  ranks(): number[] {
    return this.items.map((x) => this.items.filter((y) => y > x).length);
  }
}

class Word {
  text: string;
  weight: number;
  constructor(text: string, weight: number) {
    this.text = text;
    this.weight = weight;
  }
}

export function main(argv: string[]): number {
  const xs = [3, 1, 4, 1, 5, 9, 2, 6];
  console.log(xs.map((x) => x * 2).join(","), xs.map((x, i) => x + i).join(","));
  let limit = 3;
  limit = limit + argv.length;
  console.log(xs.filter((x) => x > limit).join(","), xs.filter((_x, i) => i % 2 === 0).join(","));
  xs.forEach((x, i) => {
    if (x > 4) console.log(`xs[${i}] = ${x}`);
  });
  console.log(xs.some((x) => x === limit), xs.every((x) => x < 10), xs.every((x) => x !== 1));
  const found = xs.find((x) => x > limit);
  console.log(found === undefined ? "none" : `found ${found}`, xs.find((x) => x > 100), xs.findIndex((x) => x === 9));
  console.log(xs.reduce((a, b) => a + b), xs.reduce((a, b) => (a > b ? a : b), -1), xs.reduce((acc, x) => acc + x / 4, 0));
  const words = ["kiwi", "fig", "banana", "apple"].map((text, i) => new Word(text, (i * 7) % 4));
  console.log(words.map((w) => `${w.text}/${w.weight}`).join(" "));
  words.sort((a, b) => a.weight - b.weight);
  console.log(words.map((w) => w.text).join(" "));
  words.sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  console.log(words.map((w) => w.text).join(" "));
  const lengths = words.map((w) => w.text.length);
  const total = lengths.reduce((a, b) => a + b, 0);
  console.log(lengths.map((n) => n / total).map((f) => f.toFixed(2)).join(" "));
  const shelf = new Shelf();
  console.log(shelf.scaled().join(","), shelf.ranks().join(","));
  const grid = [[1, 2], [3], [4, 5, 6]];
  console.log(grid.map((row) => row.reduce((a, b) => a + b, 0)).join(","), grid.filter((row) => row.some((v) => v > limit)).length);
  return xs.filter((x) => x % 2 === 0).length;
}
/* ==== annotate
array-callbacks-arrows.ts:5 class Shelf
  factor: int
  items: int[]
array-callbacks-arrows.ts:5 Shelf.constructor() -> void
array-callbacks-arrows.ts:9 Shelf.scaled() -> int[]
array-callbacks-arrows.ts:10 scaled.arrow@10:27(x: int) -> int
array-callbacks-arrows.ts:14 Shelf.ranks() -> int[]
array-callbacks-arrows.ts:15 ranks.arrow@15:27(x: int) -> int
array-callbacks-arrows.ts:15 ranks.arrow@15:27.arrow@15:52(x: int, y: int) -> bool
array-callbacks-arrows.ts:19 class Word
  text: string
  weight: int
array-callbacks-arrows.ts:22 Word.constructor(text: string, weight: int) -> void
array-callbacks-arrows.ts:28 main(argv: string[]) -> int
array-callbacks-arrows.ts:30 main.arrow@30:22(x: int) -> int
array-callbacks-arrows.ts:30 main.arrow@30:54(x: int, i: int) -> int
array-callbacks-arrows.ts:33 main.arrow@33:25(limit: int, x: int) -> bool
array-callbacks-arrows.ts:33 main.arrow@33:64(_x: int, i: int) -> bool
array-callbacks-arrows.ts:34 main.arrow@34:14(x: int, i: int) -> void
array-callbacks-arrows.ts:37 main.arrow@37:23(limit: int, x: int) -> bool
array-callbacks-arrows.ts:37 main.arrow@37:53(x: int) -> bool
array-callbacks-arrows.ts:37 main.arrow@37:78(x: int) -> bool
array-callbacks-arrows.ts:38 main.arrow@38:25(limit: int, x: int) -> bool
array-callbacks-arrows.ts:39 main.arrow@39:102(x: int) -> bool
array-callbacks-arrows.ts:39 main.arrow@39:72(x: int) -> bool
array-callbacks-arrows.ts:40 main.arrow@40:25(a: int, b: int) -> int
array-callbacks-arrows.ts:40 main.arrow@40:53(a: int, b: int) -> int
array-callbacks-arrows.ts:40 main.arrow@40:95(acc: float, x: int) -> float
array-callbacks-arrows.ts:41 main.arrow@41:56(text: string, i: int) -> Word
array-callbacks-arrows.ts:42 main.arrow@42:25(w: Word) -> string
array-callbacks-arrows.ts:43 main.arrow@43:14(a: Word, b: Word) -> int
array-callbacks-arrows.ts:44 main.arrow@44:25(w: Word) -> string
array-callbacks-arrows.ts:45 main.arrow@45:14(a: Word, b: Word) -> int
array-callbacks-arrows.ts:46 main.arrow@46:25(w: Word) -> string
array-callbacks-arrows.ts:47 main.arrow@47:29(w: Word) -> int
array-callbacks-arrows.ts:48 main.arrow@48:32(a: int, b: int) -> int
array-callbacks-arrows.ts:49 main.arrow@49:27(total: int, n: int) -> float
array-callbacks-arrows.ts:49 main.arrow@49:49(f: float) -> string
array-callbacks-arrows.ts:53 main.arrow@53:24(row: int[]) -> int
array-callbacks-arrows.ts:53 main.arrow@53:24.arrow@53:44(a: int, b: int) -> int
array-callbacks-arrows.ts:53 main.arrow@53:88(limit: int, row: int[]) -> bool
array-callbacks-arrows.ts:53 main.arrow@53:88.arrow@53:106(limit: int, v: int) -> bool
array-callbacks-arrows.ts:54 main.arrow@54:20(x: int) -> bool
*/
