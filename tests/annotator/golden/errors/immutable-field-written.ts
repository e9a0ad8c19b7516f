// A field declared immutable (static immutableFields, RPython's _immutable_fields_) may be set
// only on this in a constructor: the JIT reads it once per trace from a constant object.

class Code {
  static immutableFields = ["text", "version?"];
  text: string;
  version = 0;

  constructor(text: string) {
    this.text = text;
  }

  rename(text: string): void {
    this.version++;
    this.text = text;
  }
}

export function main(argv: string[]): number {
  const code = new Code("abc");
  code.rename(argv[0] ?? "x");
  return code.text.length + code.version;
}
/* ==== error
tests/annotator/golden/errors/immutable-field-written.ts:15:10: error: Code.text is declared immutable (static immutableFields): it may be set only on this in a constructor; declare it "text?" (quasi-immutable) if it changes rarely
> 15 |     this.text = text;
     |          ^
  reached from: main (tests/annotator/golden/errors/immutable-field-written.ts:21) -> Code.rename

1 error
*/
