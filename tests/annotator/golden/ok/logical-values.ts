// && and || give one of their operands: with two strings, a string; `a && a.field` on a
// nullable object gives the field or the empty value.

class Token {
  text: string;
  constructor(text: string) {
    this.text = text;
  }
}

function label(name: string): string {
  return name || "anonymous";
}

function tokenText(token: Token | null): string | null {
  return token && token.text;
}

export function main(argv: string[]): number {
  const who = label((argv.length > 1 ? argv[1]! : ""));
  const text = tokenText(argv.length > 1 ? new Token(who) : null);
  console.log(`${who} ${text}`);
  return who.length;
}
/* ==== annotate
logical-values.ts:4 class Token
  text: string
logical-values.ts:6 Token.constructor(text: string) -> void
logical-values.ts:11 label(name: string) -> string
logical-values.ts:15 tokenText(token: Token | null) -> string | null
logical-values.ts:19 main(argv: string[]) -> int
*/
