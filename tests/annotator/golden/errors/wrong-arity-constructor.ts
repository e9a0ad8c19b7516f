// A class constructed with more arguments than its constructor declares.

class Point {
  x: number;
  y: number;
  constructor(x: number, y: number) {
    this.x = x;
    this.y = y;
  }
}

export function main(argv: string[]): number {
  // @ts-expect-error: one argument too many
  const p = new Point(1, 2, argv.length);
  return p.x;
}
/* ==== error
tests/annotator/golden/errors/wrong-arity-constructor.ts:14:13: error: new Point() takes 2 arguments, got 3
> 14 |   const p = new Point(1, 2, argv.length);
     |             ^
  reached from: main

1 error
*/
