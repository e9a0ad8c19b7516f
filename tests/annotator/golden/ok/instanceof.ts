// instanceof narrows a base-class value to the subclass in the branch where it holds.

class Expr {}

class Num extends Expr {
  value: number;
  constructor(value: number) {
    super();
    this.value = value;
  }
}

class Add extends Expr {
  left: Expr;
  right: Expr;
  constructor(left: Expr, right: Expr) {
    super();
    this.left = left;
    this.right = right;
  }
}

function evaluate(e: Expr): number {
  if (e instanceof Num) return e.value;
  if (e instanceof Add) return evaluate(e.left) + evaluate(e.right);
  throw new Error("unknown expression");
}

export function main(argv: string[]): number {
  const tree = new Add(new Num(1), new Add(new Num(argv.length), new Num(3)));
  return evaluate(tree);
}
/* ==== annotate
instanceof.ts:3 class Expr
instanceof.ts:3 Expr.constructor() -> void
instanceof.ts:5 class Num extends Expr
  value: int
instanceof.ts:7 Num.constructor(value: int) -> void
instanceof.ts:13 class Add extends Expr
  left: Num
  right: Expr
instanceof.ts:16 Add.constructor(left: Num, right: Expr) -> void
instanceof.ts:23 evaluate(e: Expr) -> int
instanceof.ts:29 main(argv: string[]) -> int
*/
