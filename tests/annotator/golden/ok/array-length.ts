// Setting an array's length to 0 empties it (a resize), as interpreters do to reset a stack.

class Stack {
  items: number[] = [];

  push(x: number): void {
    this.items.push(x);
  }

  clear(): void {
    this.items.length = 0;
  }

  depth(): number {
    return this.items.length;
  }
}

export function main(argv: string[]): number {
  const stack = new Stack();
  stack.push(argv.length);
  stack.push(2);
  if (argv.length > 3) stack.clear();
  return stack.depth();
}
/* ==== annotate
array-length.ts:3 class Stack
  items: int[]
array-length.ts:3 Stack.constructor() -> void
array-length.ts:6 Stack.push(x: int) -> void
array-length.ts:10 Stack.clear() -> void
array-length.ts:14 Stack.depth() -> int
array-length.ts:19 main(argv: string[]) -> int
*/
