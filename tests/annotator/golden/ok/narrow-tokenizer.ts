// A tokenizer reads number literals with parseInt and rejects what is not a number with isNaN:
// after the test the value is an int, stored in a field and used as an index.

class Token {
  kind: string;
  num: number;
  constructor(kind: string, num: number) {
    this.kind = kind;
    this.num = num;
  }
}

class ParseError extends Error {}

function isDigit(c: string): boolean {
  return c >= "0" && c <= "9";
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === " ") {
      i++;
    } else if (isDigit(c) || c === "#") {
      let j = i + 1;
      while (j < source.length && isDigit(source[j]!)) j++;
      const n = parseInt(source.slice(c === "#" ? i + 1 : i, j), 10);
      if (isNaN(n)) throw new ParseError(`not a number at ${i}`);
      tokens.push(new Token("num", n));
      i = j;
    } else {
      tokens.push(new Token(c, 0));
      i++;
    }
  }
  return tokens;
}

const NAMES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];

export function main(argv: string[]): number {
  const source = argv.length > 1 ? argv[1]! : "3 + 4 - 12";
  let total = 0;
  try {
    for (const token of tokenize(source + " 2 - 7")) {
      if (token.kind === "num") {
        const name = token.num >= 0 && token.num < NAMES.length ? NAMES[token.num]! : "many";
        console.log(token.num, name, String.fromCharCode(48 + (token.num % 10 + 10) % 10));
        total += token.num;
      } else {
        console.log("op", token.kind);
      }
    }
    tokenize("1 #");
  } catch (e) {
    if (e instanceof ParseError) console.log("error:", e.message);
  }
  return total & 7;
}
/* ==== annotate
narrow-tokenizer.ts:4 class Token
  kind: string
  num: int
narrow-tokenizer.ts:7 Token.constructor(kind: string, num: int) -> void
narrow-tokenizer.ts:13 class ParseError extends Error
narrow-tokenizer.ts:13 ParseError.constructor(message: string) -> void
narrow-tokenizer.ts:15 isDigit(c: char) -> bool
narrow-tokenizer.ts:19 tokenize(source: string) -> Token[]
narrow-tokenizer.ts:43 main(argv: string[]) -> int
*/
