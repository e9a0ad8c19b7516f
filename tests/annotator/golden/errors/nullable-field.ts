// A field that may be null, used without a check.

class Node {
  value: number;
  next: Node | null = null;
  constructor(value: number) {
    this.value = value;
  }
}

function second(node: Node): number {
  // @ts-expect-error: next may be null
  return node.next.value;
}

export function main(argv: string[]): number {
  const first = new Node(1);
  if (argv.length > 1) first.next = new Node(2);
  return second(first);
}
/* ==== error
tests/annotator/golden/errors/nullable-field.ts:13:10: error: reading .value of a value that may be null (Node | null): test it first (x !== null), or write x! if it cannot be null here
> 13 |   return node.next.value;
     |          ^
  reached from: main (tests/annotator/golden/errors/nullable-field.ts:19) -> second

1 error
*/
