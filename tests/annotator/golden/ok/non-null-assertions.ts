// `x!` tells the annotator what TypeScript is told: the value is not null or undefined here
// (the translated program stops with an error naming this place if it is).

class Node {
  value: number;
  parent: Node | null = null;
  constructor(value: number) {
    this.value = value;
  }
}

function rootValue(node: Node): number {
  while (node.parent !== null) node = node.parent!;
  return node.value;
}

export function main(argv: string[]): number {
  const stack = [1, 2, 3];
  const top = stack.pop()! * 2;
  const ages = new Map<string, number>([["ada", 36]]);
  const age = ages.get("ada")! + 1;
  const child = new Node(1);
  child.parent = new Node(argv.length);
  return top + age + child.parent!.value + rootValue(child);
}
/* ==== annotate
non-null-assertions.ts:4 class Node
  parent: Node | null
  value: int
non-null-assertions.ts:7 Node.constructor(value: int) -> void
non-null-assertions.ts:12 rootValue(node: Node) -> int
non-null-assertions.ts:17 main(argv: string[]) -> int
*/
