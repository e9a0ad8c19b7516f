// A field written only in subclasses but read through the base class lives on the base class.

class Token {
  describe(): string {
    return "token";
  }
}

class NumberToken extends Token {
  text: string;
  value: number;
  constructor(text: string) {
    super();
    this.text = text;
    this.value = Number(text);
  }
}

class NameToken extends Token {
  text: string;
  constructor(text: string) {
    super();
    this.text = text;
  }
}

function textOf(token: Token): string {
  return (token as NameToken).text;
}

export function main(argv: string[]): number {
  const tokens: Token[] = [new NumberToken("12"), new NameToken("x")];
  let length = 0;
  for (const t of tokens) length += textOf(t).length;
  return length + argv.length;
}
/* ==== annotate
fields-move-up.ts:3 class Token
  text: string
fields-move-up.ts:3 Token.constructor() -> void
fields-move-up.ts:9 class NumberToken extends Token
  value: float
fields-move-up.ts:12 NumberToken.constructor(text: string) -> void
fields-move-up.ts:19 class NameToken extends Token
fields-move-up.ts:21 NameToken.constructor(text: char) -> void
fields-move-up.ts:27 textOf(token: Token) -> string
fields-move-up.ts:31 main(argv: string[]) -> int
*/
