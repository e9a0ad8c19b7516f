// Field reads are narrowed as TypeScript narrows them: after `this.head !== null` (or a truthy
// test, or an early return), a read of `this.head` is not null until the variable it starts
// from is assigned or a field of that name is set. The graph makes such a read `this.head!`.

class Node {
  value: number;
  next: Node | null = null;
  constructor(value: number) {
    this.value = value;
  }
}

class List {
  head: Node | null = null;
  push(v: number): void {
    const node = new Node(v);
    node.next = this.head;
    this.head = node;
  }
  first(): number {
    if (this.head === null) return -1;
    return this.head.value;
  }
  second(): number {
    if (this.head !== null && this.head.next !== null) return this.head.next.value;
    return 0;
  }
  last(): number {
    let node = this.head;
    if (node === null) return -1;
    while (node.next !== null) node = node.next;
    return node.value;
  }
  sum(): number {
    let total = 0;
    if (this.head) {
      for (let i = 0; i < 3; i++) total += this.head.value;
    }
    return this.head && this.head.value ? total : 0;
  }
}

export function main(argv: string[]): number {
  const list = new List();
  for (const arg of argv) list.push(arg.length);
  return list.first() + list.second() + list.last() + list.sum();
}
/* ==== annotate
field-narrowing.ts:5 class Node
  next: Node | null
  value: int
field-narrowing.ts:8 Node.constructor(value: int) -> void
field-narrowing.ts:13 class List
  head: Node | null
field-narrowing.ts:13 List.constructor() -> void
field-narrowing.ts:15 List.push(v: int) -> void
field-narrowing.ts:20 List.first() -> int
field-narrowing.ts:24 List.second() -> int
field-narrowing.ts:28 List.last() -> int
field-narrowing.ts:34 List.sum() -> int
field-narrowing.ts:43 main(argv: string[]) -> int
*/
