// An argument narrowed before the call: the parameter is an int.

function column(line: string, at: number): string {
  return `${line}\n${" ".repeat(at)}^`;
}

export function main(argv: string[]): number {
  const at = parseInt(argv.length > 1 ? argv[1]! : "3");
  if (isNaN(at)) return 1;
  console.log(column("let x = 1 +;", at));
  console.log(column("print y", Math.min(at, 6)));
  return 0;
}
/* ==== annotate
narrow-parameter.ts:3 column(line: string, at: int) -> string
narrow-parameter.ts:7 main(argv: string[]) -> int
*/
