// A short array of mixed types is a tuple: returned from a function and destructured.

function divmod(a: number, b: number): [number, number] {
  return [Math.floor(a / b), a % b];
}

function parseAssignment(text: string): [string, number, boolean] {
  const eq = text.indexOf("=");
  if (eq < 0) return [text, 0, false];
  return [text.slice(0, eq), Number(text.slice(eq + 1)), true];
}

export function main(argv: string[]): number {
  const [q, r] = divmod(17, argv.length + 1);
  const [name, value, ok] = parseAssignment((argv.length > 1 ? argv[1]! : "x=1"));
  const pair = parseAssignment("y");
  console.log(name, value, ok, pair[0]);
  return q + r;
}
/* ==== annotate
tuples.ts:3 divmod(a: int, b: int) -> int[]
tuples.ts:7 parseAssignment(text: string) -> [string, float, bool]
tuples.ts:13 main(argv: string[]) -> int
*/
