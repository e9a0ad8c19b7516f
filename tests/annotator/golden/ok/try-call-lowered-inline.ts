// A call inside a try that the rtyper lowers to plain operations (Math.imul is an integer
// multiplication) cannot raise: its block keeps no catch exits, so constant folding may remove
// all its operations (the fuzzer's seed 1049 crashed the exception transform at --opt 2).

const counts = new Map<string, number>();

export function main(argv: string[]): number {
  let product = -1;
  try {
    product = Math.imul(6, 7);
  } catch (e) {
    console.log("caught", e instanceof Error ? e.message : "?");
  }
  try {
    if ("s" === "s") {
      counts.set("s", Math.imul(0, 0));
    }
  } catch (e) {
    console.log("caught", e instanceof Error ? e.message : "?");
  }
  console.log(product, counts.get("s") ?? -1);
  return 0;
}
/* ==== annotate
try-call-lowered-inline.ts:7 main(argv: string[]) -> int
*/
