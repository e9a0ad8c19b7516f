// reduce without an initial value on an empty array throws JavaScript's TypeError: caught here,
// and uncaught (exit status 1) when the program gets two arguments.

function product(a: number, b: number): number {
  return a * b;
}

export function main(argv: string[]): number {
  const all = [2, 3, 4];
  const none = all.filter((x) => x > 10);
  console.log(all.reduce(product), none.reduce(product, 1));
  try {
    console.log(none.reduce(product));
  } catch (e) {
    if (e instanceof TypeError) console.log("caught", e.name, e.message);
  }
  const rest = all.slice(argv.length);
  console.log(rest.reduce((a, b) => a + b));
  return 0;
}
/* ==== annotate
array-reduce-empty.ts:4 product(a: int, b: int) -> int
array-reduce-empty.ts:8 main(argv: string[]) -> int
array-reduce-empty.ts:10 main.arrow@10:27(x: int) -> bool
array-reduce-empty.ts:18 main.arrow@18:27(a: int, b: int) -> int
*/
