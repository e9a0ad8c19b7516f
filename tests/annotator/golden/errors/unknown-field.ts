// Reading a field that no code ever sets.

class Point {
  x: number;
  y: number;
  constructor(x: number, y: number) {
    this.x = x;
    this.y = y;
  }
}

export function main(argv: string[]): number {
  const p = new Point(argv.length, 2);
  // @ts-expect-error: Point has no z
  return p.x + p.z;
}
/* ==== error
tests/annotator/golden/errors/unknown-field.ts:15:18: error: Point has no field 'z': no code of the program sets it
> 15 |   return p.x + p.z;
     |                  ^
  reached from: main

1 error
*/
