// A checked number used as the value of a switch.

function describeCode(text: string): string {
  const code = parseInt(text);
  if (isNaN(code)) return "not a code";
  switch (code) {
    case 0:
      return "ok";
    case 1:
      return "warning";
    case 2:
      return "error";
    default:
      return `unknown ${code}`;
  }
}

export function main(argv: string[]): number {
  for (const text of ["0", "2", "7", "?", argv.length > 1 ? argv[1]! : "1"]) console.log(describeCode(text));
  return 0;
}
/* ==== annotate
narrow-switch.ts:3 describeCode(text: string) -> string
narrow-switch.ts:18 main(argv: string[]) -> int
*/
