// Spread is not RTS.

function sum3(a: number, b: number, c: number): number {
  return a + b + c;
}

export function main(argv: string[]): number {
  const values: [number, number, number] = [1, 2, argv.length];
  return sum3(...values);
}
/* ==== error
tests/annotator/golden/errors/spread.ts:9:15: error: spread (`...`) is not RTS; pass the arguments or items one by one
> 9 |   return sum3(...values);
    |               ^
  reached from: main

1 error
*/
