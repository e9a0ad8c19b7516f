// Single inheritance: super(...) runs the base constructor, super.m() the base method; fields
// set in the base live on the base class.

class Animal {
  name: string;
  legs: number;
  constructor(name: string, legs: number) {
    this.name = name;
    this.legs = legs;
  }
  describe(): string {
    return `${this.name} with ${this.legs} legs`;
  }
}

class Bird extends Animal {
  canFly: boolean;
  constructor(name: string, canFly: boolean) {
    super(name, 2);
    this.canFly = canFly;
  }
  override describe(): string {
    return super.describe() + (this.canFly ? " that flies" : "");
  }
}

export function main(argv: string[]): number {
  const bird = new Bird("robin", argv.length > 0);
  console.log(bird.describe());
  return bird.legs;
}
/* ==== annotate
inheritance.ts:4 class Animal
  legs: int
  name: string
inheritance.ts:7 Animal.constructor(name: string, legs: int) -> void
inheritance.ts:11 Animal.describe() -> string
inheritance.ts:16 class Bird extends Animal
  canFly: bool
inheritance.ts:18 Bird.constructor(name: string, canFly: bool) -> void
inheritance.ts:22 Bird.describe() -> string
inheritance.ts:27 main(argv: string[]) -> int
*/
