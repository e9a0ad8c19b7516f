// null as the empty value of a reference: `x !== null`, `x === null` with an early return, and
// truthiness narrow a `T | null` to T.

class Node {
  value: number;
  next: Node | null;
  constructor(value: number, next: Node | null) {
    this.value = value;
    this.next = next;
  }
}

function length(list: Node | null): number {
  let n = 0;
  for (let node = list; node !== null; node = node.next) n++;
  return n;
}

function head(list: Node | null): number {
  if (list === null) return -1;
  return list.value;
}

function second(list: Node | null): number {
  if (list && list.next) return list.next.value;
  return 0;
}

export function main(argv: string[]): number {
  const list = new Node(1, new Node(2, argv.length > 5 ? new Node(3, null) : null));
  const maybe = argv.length > 9 ? null : list;
  return length(maybe) + head(maybe) + second(list) + second(null);
}
/* ==== annotate
nullable-narrowing.ts:4 class Node
  next: Node | null
  value: int
nullable-narrowing.ts:7 Node.constructor(value: int, next: Node | null) -> void
nullable-narrowing.ts:13 length(list: Node | null) -> int
nullable-narrowing.ts:19 head(list: Node | null) -> int
nullable-narrowing.ts:24 second(list: Node | null) -> int
nullable-narrowing.ts:29 main(argv: string[]) -> int
*/
