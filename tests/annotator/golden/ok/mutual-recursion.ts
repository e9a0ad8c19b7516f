// Mutual recursion: a recursive-descent parser of sums and products.

class Parser {
  text: string;
  pos = 0;
  constructor(text: string) {
    this.text = text;
  }

  sum(): number {
    let value = this.product();
    while (this.pos < this.text.length && this.text[this.pos] === "+") {
      this.pos++;
      value += this.product();
    }
    return value;
  }

  product(): number {
    let value = this.atom();
    while (this.pos < this.text.length && this.text[this.pos] === "*") {
      this.pos++;
      value *= this.atom();
    }
    return value;
  }

  atom(): number {
    if (this.pos < this.text.length && this.text[this.pos] === "(") {
      this.pos++;
      const value = this.sum();
      this.pos++;
      return value;
    }
    return this.text.charCodeAt(this.pos++) - 48;
  }
}

export function main(argv: string[]): number {
  return new Parser((argv.length > 1 ? argv[1]! : "2*(3+4)")).sum();
}
/* ==== annotate
mutual-recursion.ts:3 class Parser
  pos: int
  text: string
mutual-recursion.ts:6 Parser.constructor(text: string) -> void
mutual-recursion.ts:10 Parser.sum() -> int
mutual-recursion.ts:19 Parser.product() -> int
mutual-recursion.ts:28 Parser.atom() -> int
mutual-recursion.ts:39 main(argv: string[]) -> int
*/
