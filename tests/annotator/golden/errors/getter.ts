// Getters are not RTS: use a method.

class Circle {
  radius = 1;
  get diameter(): number {
    return this.radius * 2;
  }
}

export function main(argv: string[]): number {
  const c = new Circle();
  return c.diameter + argv.length;
}
/* ==== error
tests/annotator/golden/errors/getter.ts:12:12: error: 'diameter' is a getter, which RTS does not have; make it a method, diameter(), and call it
> 12 |   return c.diameter + argv.length;
     |            ^
  reached from: main

1 error
*/
