// The usual shape of an AST: a base class whose method throws and subclasses that override it.
// The thrown Error never reaches the result type.

class Node {
  evaluate(env: Map<string, number>): number {
    throw new Error(`cannot evaluate ${env.size}`);
  }
}

class Literal extends Node {
  value: number;
  constructor(value: number) {
    super();
    this.value = value;
  }
  override evaluate(_env: Map<string, number>): number {
    return this.value;
  }
}

class Variable extends Node {
  name: string;
  constructor(name: string) {
    super();
    this.name = name;
  }
  override evaluate(env: Map<string, number>): number {
    return env.get(this.name) ?? 0;
  }
}

export function main(argv: string[]): number {
  const env = new Map<string, number>();
  env.set("n", argv.length);
  const nodes: Node[] = [new Literal(2), new Variable("n")];
  let sum = 0;
  for (const node of nodes) sum += node.evaluate(env);
  return sum;
}
/* ==== annotate
abstract-base.ts:4 class Node
abstract-base.ts:4 Node.constructor() -> void
abstract-base.ts:5 Node.evaluate(env: Map<char, int>) -> never
abstract-base.ts:10 class Literal extends Node
  value: int
abstract-base.ts:12 Literal.constructor(value: int) -> void
abstract-base.ts:16 Literal.evaluate(_env: Map<char, int>) -> int
abstract-base.ts:21 class Variable extends Node
  name: char
abstract-base.ts:23 Variable.constructor(name: char) -> void
abstract-base.ts:27 Variable.evaluate(env: Map<char, int>) -> int
abstract-base.ts:32 main(argv: string[]) -> int
*/
