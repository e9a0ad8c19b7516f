// Code that handles every class of a family reads fields of classes a program never makes (the
// JIT's trace printer handles every kind of constant; a program's traces hold some). A read of a
// field of a class none of whose classes has an instance cannot run: it is dead code, as in
// RPython, until an instance is made (then the read is annotated again, see
// errors/field-of-class-instantiated-later.ts).

class Value {
  readonly kind: string;
  constructor(kind: string) {
    this.kind = kind;
  }
}

class IntValue extends Value {
  readonly n: number;
  constructor(n: number) {
    super("i");
    this.n = n;
  }
}

class TextValue extends Value {
  readonly text: string;
  constructor(text: string) {
    super("t");
    this.text = text;
  }
}

function show(v: Value): string {
  if (v instanceof IntValue) return `int ${v.n}`;
  if (v instanceof TextValue) return `text ${v.text}`;
  return v.kind;
}

class Holder {
  readonly values: Value[] = [];
}

export function main(argv: string[]): number {
  const holder = new Holder();
  // Values and IntValues are made, never a TextValue: its constructor is never annotated, nor is its field set.
  holder.values.push(new IntValue(argv.length));
  holder.values.push(new Value("v"));
  let total = 0;
  for (const v of holder.values) total += show(v).length;
  return total;
}
/* ==== annotate
field-of-class-without-instances.ts:7 class Value
  kind: char
field-of-class-without-instances.ts:9 Value.constructor(kind: char) -> void
field-of-class-without-instances.ts:14 class IntValue extends Value
  n: int
field-of-class-without-instances.ts:16 IntValue.constructor(n: int) -> void
field-of-class-without-instances.ts:22 class TextValue extends Value
field-of-class-without-instances.ts:30 show(v: Value) -> string
field-of-class-without-instances.ts:36 class Holder
  values: Value[]
field-of-class-without-instances.ts:36 Holder.constructor() -> void
field-of-class-without-instances.ts:40 main(argv: string[]) -> int
*/
