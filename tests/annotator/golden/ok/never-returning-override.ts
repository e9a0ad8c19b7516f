// An override that never returns (it always throws) sits in the same method slot as one that
// returns an int: the slot's adapter for it has no result to convert (fuzzer seed 76).

class Shape {
  area(scale: number): number {
    const unused = new Broken();
    return scale * 2;
  }
}

class Broken extends Shape {
  override area(scale: number): number {
    throw new Error("no area at scale " + String(scale));
  }
}

const shape = new Shape();
const broken: Shape = new Broken();

export function main(argv: string[]): number {
  console.log(shape.area(argv.length));
  for (const s of [shape, broken]) {
    try {
      console.log(s.area(3));
    } catch (e) {
      console.log(e instanceof Error ? e.message : "?");
    }
  }
  return 0;
}
/* ==== annotate
never-returning-override.ts:4 class Shape
never-returning-override.ts:4 Shape.constructor() -> void
never-returning-override.ts:5 Shape.area(scale: int) -> int
never-returning-override.ts:11 class Broken extends Shape
never-returning-override.ts:11 Broken.constructor() -> void
never-returning-override.ts:12 Broken.area(scale: int) -> never
never-returning-override.ts:20 main(argv: string[]) -> int
*/
