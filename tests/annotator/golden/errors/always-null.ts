// A field that is only ever null, read as an object.

class Tree {
  left: Tree | null = null;
  size = 1;
}

export function main(argv: string[]): number {
  const tree = new Tree();
  if (argv.length > 3) return tree.left!.size;
  return tree.size;
}
/* ==== error
tests/annotator/golden/errors/always-null.ts:10:31: error: x! asserts that x is not null or undefined, but here it is always null
> 10 |   if (argv.length > 3) return tree.left!.size;
     |                               ^
  reached from: main

1 error
*/
