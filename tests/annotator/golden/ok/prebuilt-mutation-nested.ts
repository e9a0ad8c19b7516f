// Prebuilt objects that refer to each other (and to themselves), changed at run time through
// every path: a field of an object reached through two others, an object replaced by another
// prebuilt one, a cycle walked in a loop.

class Node {
  value: number;
  active = false;
  next: Node | null = null;
  name: string;
  constructor(value: number, name: string) {
    this.value = value;
    this.name = name;
  }
}

class Root {
  head: Node;
  spare: Node;
  constructor(head: Node, spare: Node) {
    this.head = head;
    this.spare = spare;
  }
  activate(): void {
    let node: Node | null = this.head;
    while (node !== null && !node.active) {
      node.active = true;
      node = node.next;
    }
  }
}

const a = new Node(1, "a");
const b = new Node(2, "b");
const c = new Node(3, "c");
a.next = b;
b.next = c;
c.next = a;
const root = new Root(a, new Node(9, "spare"));

function describe(): string {
  let text = "";
  let node: Node = root.head;
  for (let i = 0; i < 4; i++) {
    text += `${node.name}${node.value}${node.active ? "+" : "-"} `;
    node = node.next!;
  }
  return text;
}

export function main(argv: string[]): number {
  console.log(describe());
  root.head.next!.next!.active = argv.length > 1;
  root.head.next!.value = argv.length * 100;
  console.log(describe());
  root.activate();
  console.log(describe());
  root.head = argv.length > 1 ? root.spare : c;
  root.head.next = root.head.next ?? b;
  root.spare.name = "s";
  console.log(describe(), a.active, b.active, c.active);
  return root.head.value;
}
/* ==== annotate
prebuilt-mutation-nested.ts:5 class Node
  active: bool
  name: string
  next: Node | null
  value: int
prebuilt-mutation-nested.ts:16 class Root
  head: Node
  spare: Node
prebuilt-mutation-nested.ts:23 Root.activate() -> void
prebuilt-mutation-nested.ts:40 describe() -> string
prebuilt-mutation-nested.ts:50 main(argv: string[]) -> int
*/
