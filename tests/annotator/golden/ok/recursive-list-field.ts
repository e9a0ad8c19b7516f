// A class whose field is a list of its own instances (a tree), nullable ones too: laying the class
// out asks for the representation of its own instances (the list's items) before it exists, and
// every list of them must still be one LL type (the translator's verifier checks each getfield).

class Tree {
  readonly label: number;
  readonly children: Tree[];
  readonly slots: (Tree | null)[];

  constructor(label: number) {
    this.label = label;
    this.children = [];
    this.slots = [];
  }
}

function build(depth: number, label: number): Tree {
  const tree = new Tree(label);
  if (depth > 0) {
    for (let i = 0; i < 2; i++) tree.children.push(build(depth - 1, label * 2 + i));
  }
  tree.slots.push(null);
  if (tree.children.length > 0) tree.slots.push(tree.children[0]!);
  return tree;
}

function sum(tree: Tree): number {
  let total = tree.label;
  for (const child of tree.children) total += sum(child);
  return total;
}

function filled(tree: Tree): number {
  let n = 0;
  for (const slot of tree.slots) if (slot !== null) n += 1 + filled(slot);
  return n;
}

export function main(argv: string[]): number {
  const tree = build(argv.length + 3, 1);
  console.log(`sum ${sum(tree)}, filled slots ${filled(tree)}`);
  return 0;
}
/* ==== annotate
recursive-list-field.ts:5 class Tree
  children: Tree[]
  label: int
  slots: (Tree | null)[]
recursive-list-field.ts:10 Tree.constructor(label: int) -> void
recursive-list-field.ts:17 build(depth: int, label: int) -> Tree
recursive-list-field.ts:27 sum(tree: Tree) -> int
recursive-list-field.ts:33 filled(tree: Tree) -> int
recursive-list-field.ts:39 main(argv: string[]) -> int
*/
