// Calling a method that the class does not have.

class Stack {
  items: number[] = [];
  push(x: number): void {
    this.items.push(x);
  }
}

export function main(argv: string[]): number {
  const stack = new Stack();
  stack.push(argv.length);
  // @ts-expect-error: Stack has no peek
  return stack.peek();
}
/* ==== error
tests/annotator/golden/errors/unknown-method.ts:14:16: error: Stack has no method peek()
> 14 |   return stack.peek();
     |                ^
  reached from: main

1 error
*/
