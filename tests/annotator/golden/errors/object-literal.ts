// Object literals are not RTS: declare a class.

export function main(argv: string[]): number {
  const point = { x: argv.length, y: 2 };
  return point.x + point.y;
}
/* ==== error
tests/annotator/golden/errors/object-literal.ts:4:17: error: object literals are not RTS; declare a class with these fields and use `new`
> 4 |   const point = { x: argv.length, y: 2 };
    |                 ^
  reached from: main

1 error
*/
