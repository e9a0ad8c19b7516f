// Module-level constants are constants of the program: ints, floats, strings and booleans
// computed at import time by any code at all.

const WIDTH = 80;
const SCALE = 1.5;
const PROMPT = "> ";
const VERBOSE = false;
const LIMIT = computeLimit(10);

function computeLimit(n: number): number {
  let x = 1;
  for (let i = 0; i < n; i++) x *= 2;
  return x;
}

function scaled(x: number): number {
  return x * SCALE;
}

export function main(argv: string[]): number {
  if (VERBOSE) console.log(PROMPT);
  const width = argv.length > 1 ? WIDTH : LIMIT;
  return Math.floor(scaled(width));
}
/* ==== annotate
module-constants.ts:16 scaled(x: int) -> float
module-constants.ts:20 main(argv: string[]) -> int
*/
