// A scanner's switch on the current character: the cases are one-character constants.

function tokenKind(c: string): number {
  switch (c) {
    case "(":
      return 1;
    case ")":
      return 2;
    case "+":
    case "-":
      return 3;
    case " ":
    case "\n":
      return 0;
    default:
      return c >= "0" && c <= "9" ? 4 : -1;
  }
}

export function main(argv: string[]): number {
  const text = (argv.length > 1 ? argv[1]! : "(1 + 2)");
  let sum = 0;
  for (let i = 0; i < text.length; i++) sum += tokenKind(text[i]!);
  return sum;
}
/* ==== annotate
char-switch.ts:3 tokenKind(c: char) -> int
char-switch.ts:20 main(argv: string[]) -> int
*/
