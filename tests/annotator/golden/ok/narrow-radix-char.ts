// Escapes like \x41 read with parseInt(hex, 16): after the isNaN test, a char code.

function unescape(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    if (text[i] === "\\" && text[i + 1] === "x") {
      const code = parseInt(text.slice(i + 2, i + 4), 16);
      if (!isNaN(code)) {
        out += String.fromCharCode(code);
        i += 4;
        continue;
      }
    }
    out += text[i]!;
    i++;
  }
  return out;
}

export function main(argv: string[]): number {
  console.log(unescape("\\x48\\x69 \\xzz!"));
  console.log(unescape(argv.length > 2 ? argv[2]! : "\\x7e"));
  return 0;
}
/* ==== annotate
narrow-radix-char.ts:3 unescape(text: string) -> string
narrow-radix-char.ts:21 main(argv: string[]) -> int
*/
