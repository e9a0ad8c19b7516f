// Arrays built at import time: a table of strings and a table of objects, read at run time.

class Keyword {
  text: string;
  code: number;
  constructor(text: string, code: number) {
    this.text = text;
    this.code = code;
  }
}

const NAMES = ["nop", "load", "store", "jump"];
const KEYWORDS: Keyword[] = [];
for (const [i, name] of ["if", "else", "while"].entries()) KEYWORDS.push(new Keyword(name, i + 100));
const SQUARES = Array.from({ length: 8 }, (_, i) => i * i);

function keywordCode(text: string): number {
  for (const k of KEYWORDS) if (k.text === text) return k.code;
  return -1;
}

export function main(argv: string[]): number {
  const op = NAMES[argv.length % NAMES.length]!;
  return keywordCode(op) + SQUARES[3]!;
}
/* ==== annotate
prebuilt-arrays.ts:3 class Keyword
  code: int
  text: string
prebuilt-arrays.ts:17 keywordCode(text: string) -> int
prebuilt-arrays.ts:22 main(argv: string[]) -> int
*/
