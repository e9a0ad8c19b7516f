// sort: without a comparator for strings (by UTF-16 code units, as JavaScript), with a
// comparator for numbers and objects; the sort is stable and the comparator's sign decides.

class Entry {
  key: number;
  name: string;
  constructor(key: number, name: string) {
    this.key = key;
    this.name = name;
  }
}

function descending(a: number, b: number): number {
  return b - a;
}

export function main(argv: string[]): number {
  const names = ["pear", "Apple", "fig", "apple", "Éclair", "banana", "fig"];
  names.sort();
  console.log(names.join(" "));
  const letters = ["d", "a", "c", "b", argv.length > 1 ? "z" : "e"];
  console.log(letters.sort().join(""));
  const numbers = [10, 9, 1, 100, -5, 25];
  numbers.sort((a, b) => a - b);
  console.log(numbers.join(" "));
  console.log(numbers.sort(descending).join(" "));
  const floats = [2.5, -0.5, 1.25, 3, 0];
  floats.sort((a, b) => a - b);
  console.log(floats.join(" "));
  const entries = [new Entry(2, "b1"), new Entry(1, "a1"), new Entry(2, "b2"), new Entry(1, "a2"), new Entry(0, "z")];
  entries.sort((a, b) => a.key - b.key);
  console.log(entries.map((e) => e.name).join(" "));
  entries.sort((a, b) => (a.name.length === b.name.length ? 0 : a.name.length - b.name.length));
  console.log(entries.map((e) => e.name).join(" "));
  const many: number[] = [];
  for (let i = 0; i < 100; i++) many.push((i * 37) % 101);
  many.sort((a, b) => a - b);
  let ordered = true;
  for (let i = 1; i < many.length; i++) if (many[i - 1]! > many[i]!) ordered = false;
  console.log(ordered, many[0], many[99], [5].sort((a, b) => a - b).join(), ([] as string[]).sort().length);
  return 0;
}
/* ==== annotate
array-sort.ts:4 class Entry
  key: int
  name: string
array-sort.ts:7 Entry.constructor(key: int, name: string) -> void
array-sort.ts:13 descending(a: int, b: int) -> int
array-sort.ts:17 main(argv: string[]) -> int
array-sort.ts:24 main.arrow@24:16(a: int, b: int) -> int
array-sort.ts:28 main.arrow@28:15(a: float, b: float) -> float
array-sort.ts:31 main.arrow@31:16(a: Entry, b: Entry) -> int
array-sort.ts:32 main.arrow@32:27(e: Entry) -> string
array-sort.ts:33 main.arrow@33:16(a: Entry, b: Entry) -> int
array-sort.ts:34 main.arrow@34:27(e: Entry) -> string
array-sort.ts:37 main.arrow@37:13(a: int, b: int) -> int
array-sort.ts:40 main.arrow@40:52(a: int, b: int) -> int
*/
