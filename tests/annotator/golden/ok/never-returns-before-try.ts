// A call that never returns (fail only throws) flows into the same block as the catching call
// of the try after it: its exception is not the try's to catch, and what follows it is never
// reached (the fuzzer's seed 154 crashed the LL interpreter on the block left without exits).

const table = new Int32Array(8);

function fail(n: number): number {
  throw new Error(`fail ${n}`);
}

function twice(n: number): number {
  return n * 2;
}

function lookup(n: number): number {
  let acc = table[fail(n) & 7];
  try {
    acc = twice(acc);
  } catch (e) {
    console.log("lookup caught", e instanceof Error ? e.message : "?");
    acc = -1;
  }
  return acc;
}

export function main(argv: string[]): number {
  try {
    console.log(lookup(argv.length));
  } catch (e) {
    console.log("main caught", e instanceof Error ? e.message : "?");
  }
  return 0;
}
/* ==== annotate
never-returns-before-try.ts:7 fail(n: int) -> never
never-returns-before-try.ts:15 lookup(n: int) -> never
never-returns-before-try.ts:26 main(argv: string[]) -> int
*/
