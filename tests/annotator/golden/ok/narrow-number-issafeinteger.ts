// `Number.isSafeInteger(x)` on parseFloat's result: an int in the branch.

function repeatCount(text: string): number {
  const x = parseFloat(text);
  if (!Number.isSafeInteger(x)) return 1;
  return x;
}

export function main(argv: string[]): number {
  let out = "";
  for (const text of ["3", "2.5", "1e3", argv.length > 1 ? argv[1]! : "2"]) {
    const n = repeatCount(text);
    out += "ab".repeat(n % 4) + "|";
  }
  console.log(out);
  return 0;
}
/* ==== annotate
narrow-number-issafeinteger.ts:3 repeatCount(text: string) -> int
narrow-number-issafeinteger.ts:9 main(argv: string[]) -> int
*/
