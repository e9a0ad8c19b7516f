// An array that is never pushed: its items are impossible. Reading one is out of bounds (here
// guarded by its length), a callback on its items is never called, join() gives "".

const empty: number[] = [];

export function main(argv: string[]): number {
  console.log(empty.length > 0 ? empty[argv.length % 2] : -1);
  console.log(empty.map((x) => String(x + 1)).length, empty.join(","), empty.indexOf(3));
  for (const x of empty) console.log(String(x));
  return 0;
}
/* ==== annotate
never-filled-array.ts:6 main(argv: string[]) -> int
never-filled-array.ts:8 main.arrow@8:25(x: never) -> never
*/
