// A method passed as a value loses its object in JavaScript (`this` is undefined in the call),
// so one that uses `this` is refused; an arrow that calls it on its object is the fix.

class Scaler {
  factor = 3;
  scale(x: number): number {
    return x * this.factor;
  }
}

const scaler = new Scaler();

export function main(argv: string[]): number {
  return [1, 2, argv.length].map(scaler.scale).length;
}
/* ==== error
tests/annotator/golden/errors/method-value-uses-this.ts:14:41: error: Scaler.scale uses `this`, which JavaScript leaves undefined when the method is passed as a value (scaler.scale); pass an arrow that calls it on its object instead: (x) => scaler.scale(x)
> 14 |   return [1, 2, argv.length].map(scaler.scale).length;
     |                                         ^
  reached from: main

1 error
*/
