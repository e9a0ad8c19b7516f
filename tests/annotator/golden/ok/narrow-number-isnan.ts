// Number.isNaN(n) narrows as isNaN(n) does.

const LETTERS = "abcdefghijklmnopqrstuvwxyz";

function letter(code: string): string {
  const n = parseInt(code, 36);
  if (Number.isNaN(n)) return "?";
  return LETTERS[n % 26]!;
}

export function main(argv: string[]): number {
  let word = "";
  for (const code of ["h", "e", "l", "l", "o", "!", argv.length > 2 ? argv[2]! : "z"]) word += letter(code);
  console.log(word);
  return word.length;
}
/* ==== annotate
narrow-number-isnan.ts:5 letter(code: string) -> char
narrow-number-isnan.ts:11 main(argv: string[]) -> int
*/
