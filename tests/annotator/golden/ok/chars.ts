// Characters: indexing a string gives a char, as do charAt and String.fromCharCode; chars
// compare with < and === like strings; charCodeAt gives an int >= 0.

function isDigit(c: string): boolean {
  return c >= "0" && c <= "9";
}

function isAlpha(c: string): boolean {
  return (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c === "_";
}

function upper(code: number): string {
  return String.fromCharCode(code - 32);
}

export function main(argv: string[]): number {
  const text = (argv.length > 0 ? argv[0]! : "x1");
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (isDigit(c)) digits++;
    else if (isAlpha(text.charAt(i))) console.log(upper(text.charCodeAt(i)));
  }
  return digits;
}
/* ==== annotate
chars.ts:4 isDigit(c: char) -> bool
chars.ts:8 isAlpha(c: char) -> bool
chars.ts:12 upper(code: int) -> char
chars.ts:16 main(argv: string[]) -> int
*/
