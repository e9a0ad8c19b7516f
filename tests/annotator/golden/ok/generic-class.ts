// Type parameters are erased: a generic class used with one item type is a class whose fields
// have that type.

class Stack<T> {
  items: T[] = [];

  push(item: T): void {
    this.items.push(item);
  }

  pop(): T | undefined {
    return this.items.pop();
  }

  isEmpty(): boolean {
    return this.items.length === 0;
  }
}

export function main(argv: string[]): number {
  const stack = new Stack<string>();
  for (const arg of argv) stack.push(arg);
  let total = 0;
  while (!stack.isEmpty()) total += stack.pop()?.length ?? 0;
  return total;
}
/* ==== annotate
generic-class.ts:4 class Stack
  items: string[]
generic-class.ts:4 Stack.constructor() -> void
generic-class.ts:7 Stack.push(item: string) -> void
generic-class.ts:11 Stack.pop() -> string | undefined
generic-class.ts:15 Stack.isEmpty() -> bool
generic-class.ts:20 main(argv: string[]) -> int
*/
