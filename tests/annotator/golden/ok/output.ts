// Output: console.log and console.error print primitives; process.stdout.write and
// process.stderr.write take strings; writeByte writes one byte.

import { writeByte } from "rts";

export function main(argv: string[]): number {
  console.log("args:", argv.length, argv.length / 2, argv.length > 0, null, undefined);
  console.error("warning");
  process.stdout.write(`${argv.length}\n`);
  process.stderr.write("done\n");
  writeByte(10);
  console.log();
  return 0;
}
/* ==== annotate
output.ts:6 main(argv: string[]) -> int
*/
