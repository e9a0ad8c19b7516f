// Each name of a class's immutableFields must be one of its fields: a misspelling would
// otherwise leave the field mutable without a word.

class Code {
  static immutableFields = ["txet"];
  text: string;

  constructor(text: string) {
    this.text = text;
  }
}

class Shape {
  static immutableFields = [3];
  size = 1;
}

export function main(argv: string[]): number {
  return new Code(argv[0] ?? "x").text.length + new Shape().size;
}
/* ==== error
tests/annotator/golden/errors/immutable-fields-unknown.ts:5:3: error: Code.immutableFields names 'txet', which is no field of Code
> 5 |   static immutableFields = ["txet"];
    |   ^

tests/annotator/golden/errors/immutable-fields-unknown.ts:14:3: error: Shape.immutableFields must be an array of field names, each ending in ? for a quasi-immutable field or in [*] for an array whose items are immutable too (e.g. ["text", "version?", "code[*]"])
> 14 |   static immutableFields = [3];
     |   ^

2 errors
*/
