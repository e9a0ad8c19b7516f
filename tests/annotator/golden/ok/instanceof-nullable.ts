// instanceof on a reference that may be null or undefined: false for those, else the class
// test. Unoptimised, the test is a helper call whose bounds are its arguments (the x86-64
// backend once required constant bounds and failed at --opt 0).

class Shape {
  sides = 0;
}

class Square extends Shape {
  constructor() {
    super();
    this.sides = 4;
  }
}

class Circle extends Shape {}

function pick(n: number): Shape | null {
  if (n % 3 === 0) return null;
  return n % 3 === 1 ? new Square() : new Circle();
}

function maybe(n: number): Shape | undefined {
  return n % 2 === 0 ? undefined : new Square();
}

export function main(argv: string[]): number {
  let squares = 0;
  for (let i = 0; i < 6 + argv.length; i++) {
    const s = pick(i);
    const m = maybe(i);
    console.log(i, s instanceof Square, s instanceof Circle, s instanceof Shape, m instanceof Square);
    if (s instanceof Square) squares += s.sides;
  }
  console.log("sides of squares", squares);
  return 0;
}
/* ==== annotate
instanceof-nullable.ts:5 class Shape
  sides: int
instanceof-nullable.ts:5 Shape.constructor() -> void
instanceof-nullable.ts:9 class Square extends Shape
instanceof-nullable.ts:10 Square.constructor() -> void
instanceof-nullable.ts:16 class Circle extends Shape
instanceof-nullable.ts:16 Circle.constructor() -> void
instanceof-nullable.ts:18 pick(n: int) -> Shape | null
instanceof-nullable.ts:23 maybe(n: int) -> Square | undefined
instanceof-nullable.ts:27 main(argv: string[]) -> int
*/
