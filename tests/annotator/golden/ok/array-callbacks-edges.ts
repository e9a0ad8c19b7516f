// The array methods at their edges: arrays that never get an item (the callback is never
// called), callbacks that change the array they walk (the length is read once at the start;
// pushed items are not visited, popped ones end the walk), and a callback that throws through map.

class TooBig extends Error {}

function checked(x: number): number {
  if (x > 5) throw new TooBig(`${x} is too big`);
  return x * 10;
}

export function main(argv: string[]): number {
  const never: number[] = [];
  console.log(never.map((x) => x + 1).length, never.filter((x) => x > 0).length, never.some((x) => x > 0), never.every((x) => x > 0));
  console.log(never.find((x) => x > 0), never.findIndex((x) => x > 0), never.reduce((a, b) => a + b, 7));
  never.forEach((x) => console.log(x));
  console.log(never.sort((a, b) => a - b).length);

  const grows = [1, 2, 3];
  grows.forEach((x) => {
    grows.push(x * 10);
  });
  console.log(grows.join(" "));
  const shrinks = [1, 2, 3, 4, 5];
  const seen: number[] = [];
  shrinks.forEach((x) => {
    seen.push(x);
    shrinks.pop();
  });
  console.log(seen.join(" "), shrinks.join(" "));

  const values = [1, 2, 3 + argv.length * 2];
  try {
    console.log(values.map(checked).join(" "));
  } catch (e) {
    if (e instanceof TooBig) console.log("caught:", e.message);
  }
  return 0;
}
/* ==== annotate
array-callbacks-edges.ts:5 class TooBig extends Error
array-callbacks-edges.ts:5 TooBig.constructor(message: string) -> void
array-callbacks-edges.ts:7 checked(x: int) -> int
array-callbacks-edges.ts:12 main(argv: string[]) -> int
array-callbacks-edges.ts:14 main.arrow@14:120(x: never) -> never
array-callbacks-edges.ts:14 main.arrow@14:25(x: never) -> never
array-callbacks-edges.ts:14 main.arrow@14:60(x: never) -> never
array-callbacks-edges.ts:14 main.arrow@14:93(x: never) -> never
array-callbacks-edges.ts:15 main.arrow@15:26(x: never) -> never
array-callbacks-edges.ts:15 main.arrow@15:57(x: never) -> never
array-callbacks-edges.ts:15 main.arrow@15:85(a: int, b: never) -> never
array-callbacks-edges.ts:16 main.arrow@16:17(x: never) -> never
array-callbacks-edges.ts:17 main.arrow@17:26(a: never, b: never) -> never
array-callbacks-edges.ts:20 main.arrow@20:17(grows: int[], x: int) -> void
array-callbacks-edges.ts:26 main.arrow@26:19(seen: int[], shrinks: int[], x: int) -> void
*/
