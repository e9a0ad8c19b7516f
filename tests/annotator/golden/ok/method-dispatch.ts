// A call on a base-class value reaches the method of every subclass that overrides it; their
// results meet (int and float: float).

class Shape {
  area(): number {
    return 0;
  }
  name(): string {
    return "shape";
  }
}

class Square extends Shape {
  side: number;
  constructor(side: number) {
    super();
    this.side = side;
  }
  override area(): number {
    return this.side * this.side;
  }
}

class Circle extends Shape {
  radius: number;
  constructor(radius: number) {
    super();
    this.radius = radius;
  }
  override area(): number {
    return 3.14159 * this.radius * this.radius;
  }
  override name(): string {
    return "circle";
  }
}

export function main(argv: string[]): number {
  const shapes: Shape[] = [new Square(2), new Circle(1)];
  let total = 0;
  for (const shape of shapes) {
    total += shape.area();
    console.log(shape.name());
  }
  return total > 7 ? argv.length : 0;
}
/* ==== annotate
method-dispatch.ts:4 class Shape
method-dispatch.ts:4 Shape.constructor() -> void
method-dispatch.ts:5 Shape.area() -> int
method-dispatch.ts:8 Shape.name() -> string
method-dispatch.ts:13 class Square extends Shape
  side: int
method-dispatch.ts:15 Square.constructor(side: int) -> void
method-dispatch.ts:19 Square.area() -> int
method-dispatch.ts:24 class Circle extends Shape
  radius: int
method-dispatch.ts:26 Circle.constructor(radius: int) -> void
method-dispatch.ts:30 Circle.area() -> float
method-dispatch.ts:33 Circle.name() -> string
method-dispatch.ts:38 main(argv: string[]) -> int
*/
