// Math.floor of an integer that may be NaN may still be NaN: the isNaN test after it makes it an int.

function bucket(text: string, size: number): number {
  const f = Math.floor(parseInt(text, 10));
  if (isNaN(f)) return -1;
  return f % size;
}

export function main(argv: string[]): number {
  const seen = [0, 0, 0, 0];
  for (const text of ["5", "6", "x", "11", argv.length > 1 ? argv[1]! : "1"]) {
    const b = bucket(text, 4);
    if (b >= 0) seen[b] = seen[b]! + 1;
    else console.log("no number:", text);
  }
  console.log(seen.join(","));
  return 0;
}
/* ==== annotate
narrow-math-floor-nan.ts:3 bucket(text: string, size: int) -> int
narrow-math-floor-nan.ts:9 main(argv: string[]) -> int
*/
