// `if (isNaN(a) || isNaN(b)) throw`: after it both are ints.

class Usage extends Error {}

function cell(grid: string[], rowText: string, colText: string): string {
  const row = parseInt(rowText);
  const col = parseInt(colText);
  if (isNaN(row) || isNaN(col)) throw new Usage(`bad cell ${rowText},${colText}`);
  return grid[row]![col]!;
}

export function main(argv: string[]): number {
  const grid = ["abc", "def", "ghi"];
  console.log(cell(grid, "1", "2"), cell(grid, "2", "0"));
  try {
    console.log(cell(grid, "0", argv.length > 2 ? argv[2]! : "1"));
  } catch (e) {
    if (e instanceof Usage) console.log(e.message);
  }
  return 0;
}
/* ==== annotate
narrow-isnan-or.ts:3 class Usage extends Error
narrow-isnan-or.ts:3 Usage.constructor(message: string) -> void
narrow-isnan-or.ts:5 cell(grid: string[], rowText: char, colText: string) -> char
narrow-isnan-or.ts:12 main(argv: string[]) -> int
*/
