// A method called with more arguments than it declares.

class Greeter {
  greet(name: string): string {
    return `hello ${name}`;
  }
}

export function main(argv: string[]): number {
  const greeter = new Greeter();
  // @ts-expect-error: one argument too many
  console.log(greeter.greet("ada", argv.length));
  return 0;
}
/* ==== error
tests/annotator/golden/errors/wrong-arity-method.ts:12:23: error: Greeter.greet takes 1 argument, got 2
> 12 |   console.log(greeter.greet("ada", argv.length));
     |                       ^
  reached from: main

1 error
*/
