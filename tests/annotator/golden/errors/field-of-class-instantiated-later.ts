// A field read first met in a class with no instances (dead code then) is checked again when
// an instance is made: a field no code sets is still an error.

class Shape {
  readonly sides: number;
  constructor(sides: number) {
    this.sides = sides;
  }
}

class Circle extends Shape {
  // @ts-expect-error: radius is never set
  radius: number;
  constructor() {
    super(0);
  }
}

function area(s: Shape): number {
  if (s instanceof Circle) return s.radius * 3;
  return s.sides;
}

export function main(argv: string[]): number {
  let total = area(new Shape(argv.length));
  // the first Circle: its radius is never set
  total += area(new Circle());
  return total;
}
/* ==== error
tests/annotator/golden/errors/field-of-class-instantiated-later.ts:20:37: error: Circle has no field 'radius': no code of the program sets it
> 20 |   if (s instanceof Circle) return s.radius * 3;
     |                                     ^
  reached from: main (tests/annotator/golden/errors/field-of-class-instantiated-later.ts:25) -> area

1 error
*/
