// `if (!isNaN(n)) { ... }`: in the branch the value is an int.

export function main(argv: string[]): number {
  const counts = new Int32Array(10);
  for (const text of ["1", "7", "x", "7", argv.length > 1 ? argv[1]! : "2", "nine"]) {
    const digit = parseInt(text, 10);
    if (!isNaN(digit)) {
      counts[digit % 10] = counts[digit % 10]! + 1;
    } else {
      console.log("skipped", text);
    }
  }
  let line = "";
  for (let d = 0; d < 10; d++) line += counts[d];
  console.log(line);
  return counts[7]!;
}
/* ==== annotate
narrow-not-isnan.ts:3 main(argv: string[]) -> int
*/
