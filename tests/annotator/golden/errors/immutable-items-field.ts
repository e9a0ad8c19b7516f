// `name[*]` in immutableFields (RPython's lst[*]) declares a field holding an array whose length
// and items the JIT may take as constants: the field itself is immutable, and it must hold an
// array.

class Code {
  static immutableFields = ["ops[*]", "name[*]"];
  ops: number[];
  name: string;

  constructor(name: string) {
    this.ops = [];
    this.name = name;
  }

  replace(ops: number[]): void {
    this.ops = ops;
  }
}

export function main(argv: string[]): number {
  const code = new Code(argv[0] ?? "x");
  code.ops.push(1);
  code.replace([2]);
  return code.ops.length + code.name.length;
}
/* ==== error
tests/annotator/golden/errors/immutable-items-field.ts:6:3: error: Code.immutableFields names 'name[*]', but Code.name holds no array: [*] is for a field holding an array
> 6 |   static immutableFields = ["ops[*]", "name[*]"];
    |   ^

tests/annotator/golden/errors/immutable-items-field.ts:16:10: error: Code.ops is declared immutable (static immutableFields): it may be set only on this in a constructor; declare it "ops?" (quasi-immutable) if it changes rarely
> 16 |     this.ops = ops;
     |          ^
  reached from: main (tests/annotator/golden/errors/immutable-items-field.ts:23) -> Code.replace

2 errors
*/
