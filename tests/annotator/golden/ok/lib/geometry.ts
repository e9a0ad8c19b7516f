// A helper module of multi-module.ts (it has no main: the golden test runs only the files of
// the directory above).

export class Vector {
  x: number;
  y: number;
  constructor(x: number, y: number) {
    this.x = x;
    this.y = y;
  }
  plus(other: Vector): Vector {
    return new Vector(this.x + other.x, this.y + other.y);
  }
}

export const ORIGIN = new Vector(0, 0);

export function lengthSquared(v: Vector): number {
  return v.x * v.x + v.y * v.y;
}
