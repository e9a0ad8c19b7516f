// A method slot lives in the record of the class the calls go through (the receiver's), not
// of the class that first defines the method: Base.label is only reached by a super call with
// a one-character string (a char), so its parameter holds less than the slot's (a string).
// Found by the fuzzer (seed 1396): the rtyper failed with "cannot convert string to char".

class Base {
  label(text: string, n: number): number {
    return text.length + n;
  }
}

class Middle extends Base {
  override label(text: string, n: number): number {
    return super.label("-", n) * 10 + text.length;
  }
}

class Leaf extends Middle {
  override label(text: string, n: number): number {
    return text.length * 100 + n;
  }
}

const middle: Middle = new Middle();
const leaf: Middle = new Leaf();
const base = new Base();

export function main(argv: string[]): number {
  const all: Middle[] = [middle, leaf];
  for (const m of all) console.log(m.label("words", argv.length + 1));
  console.log(base.label("x", 2));
  return 0;
}
/* ==== annotate
method-slot-receiver-class.ts:6 class Base
method-slot-receiver-class.ts:7 Base.label(text: char, n: int) -> int
method-slot-receiver-class.ts:12 class Middle extends Base
method-slot-receiver-class.ts:13 Middle.label(text: string, n: int) -> int
method-slot-receiver-class.ts:18 class Leaf extends Middle
method-slot-receiver-class.ts:19 Leaf.label(text: string, n: int) -> int
method-slot-receiver-class.ts:28 main(argv: string[]) -> int
*/
