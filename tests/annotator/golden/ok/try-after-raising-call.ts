// A call that may throw just before a try whose body lowers to operations that cannot raise
// (Math.floor): the call's exception is not the try's. The rtyper once gave the try's catch
// exits to the call before it (found through the LL verifier on fuzzer seed 24).

function boom(n: number): number {
  if (n > 0) throw new Error("boom " + n);
  return 0;
}
function floorThird(a: number): number {
  let acc = boom(a);
  try {
    acc = Math.floor(a / 3);
  } catch (e) {
    acc = -1;
  }
  return acc;
}
export function main(argv: string[]): number {
  try {
    console.log(floorThird(argv.length - 1));
    console.log(floorThird(10 + argv.length));
  } catch (e) {
    console.log("caught in main:", (e as Error).message);
  }
  return 0;
}
/* ==== annotate
try-after-raising-call.ts:5 boom(n: int) -> int
try-after-raising-call.ts:9 floorThird(a: int) -> int
try-after-raising-call.ts:18 main(argv: string[]) -> int
*/
