// `Number(s)` is a float; after `Number.isInteger(x)` is true it is an int.

const UNITS = ["B", "KB", "MB", "GB"];

function unit(text: string): string {
  const x = Number(text);
  if (Number.isInteger(x) && x >= 0 && x < UNITS.length) return UNITS[x]!;
  return `(${text} is no unit)`;
}

export function main(argv: string[]): number {
  for (const text of ["2", "1.5", "3", "", argv.length > 2 ? argv[2]! : "0"]) console.log(unit(text));
  return 0;
}
/* ==== annotate
narrow-number-isinteger.ts:5 unit(text: string) -> string
narrow-number-isinteger.ts:11 main(argv: string[]) -> int
*/
