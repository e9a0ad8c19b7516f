// The result of isNaN kept in a variable and tested later in the same block still narrows.

function position(text: string): number {
  const n = parseInt(text);
  const missing = isNaN(n);
  const alsoMissing = !missing;
  if (missing) return 0;
  if (!alsoMissing) return 1;
  return n;
}

export function main(argv: string[]): number {
  const line = "abcdefghij";
  for (const text of ["2", "x", "9", argv.length > 1 ? argv[1]! : "5"]) console.log(line[position(text) % line.length]!);
  return 0;
}
/* ==== annotate
narrow-test-variable.ts:3 position(text: string) -> int
narrow-test-variable.ts:12 main(argv: string[]) -> int
*/
