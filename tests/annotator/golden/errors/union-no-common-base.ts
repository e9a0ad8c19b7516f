// A call on a value that is one of two classes without a common base: RTS needs the method on
// a shared base class.

class Circle {
  area(): number {
    return 3;
  }
}

class Square {
  area(): number {
    return 4;
  }
}

export function main(argv: string[]): number {
  const shape = argv.length > 1 ? new Circle() : new Square();
  return shape.area();
}
/* ==== error
tests/annotator/golden/errors/union-no-common-base.ts:17:35: error: the two branches of this ?: have different types: Square and Circle have no common base class; a value that may be either needs a base class they both extend (declaring the methods called on it)
> 17 |   const shape = argv.length > 1 ? new Circle() : new Square();
     |                                   ^
  reached from: main

1 error
*/
