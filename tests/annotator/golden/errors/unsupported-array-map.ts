// Array methods that take callbacks are not RTS, even with a module-level function.

function double(x: number): number {
  return x * 2;
}

export function main(argv: string[]): number {
  const lengths = [argv.length, 2, 3];
  const doubled = lengths.map(double);
  return doubled.length;
}
/* ==== error
tests/annotator/golden/errors/unsupported-array-map.ts:9:27: error: int[] has no method map() in RTS; write a for loop (callbacks would be closures)
 9 |   const doubled = lengths.map(double);
   |                           ^
  reached from: main

1 error
*/
