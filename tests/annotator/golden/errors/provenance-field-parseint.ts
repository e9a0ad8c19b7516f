// A float reaches an index through a field: the note says where the field got its type.

class Token {
  text: string;
  num: number;
  constructor(text: string) {
    this.text = text;
    this.num = 0;
  }
}

function scan(text: string): Token {
  const token = new Token(text);
  token.num = parseInt(text, 10);
  return token;
}

const DIGITS = ["zero", "one", "two"];

function nameOf(token: Token): string {
  return DIGITS[token.num]!;
}

export function main(argv: string[]): number {
  console.log(nameOf(scan(argv.length > 1 ? argv[1]! : "1")));
  return 0;
}
/* ==== error
tests/annotator/golden/errors/provenance-field-parseint.ts:21:10: error: an index must be an integer, got float (an integer or NaN: after a test that isNaN(x) is false, x is an integer)
> 21 |   return DIGITS[token.num]!;
     |          ^
  reached from: main (tests/annotator/golden/errors/provenance-field-parseint.ts:25) -> nameOf
tests/annotator/golden/errors/provenance-field-parseint.ts:14:3: note: Token.num is float because it is assigned here from parseInt(...), which returns float (it may be NaN)

1 error
*/
