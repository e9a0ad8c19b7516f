// Arrays of arrays: a grid of ints built row by row.

function makeGrid(rows: number, cols: number): number[][] {
  const grid: number[][] = [];
  for (let r = 0; r < rows; r++) {
    const row: number[] = [];
    for (let c = 0; c < cols; c++) row.push(r * c);
    grid.push(row);
  }
  return grid;
}

function trace(grid: number[][]): number {
  let sum = 0;
  for (let i = 0; i < grid.length && i < grid[i]!.length; i++) sum += grid[i]![i]!;
  return sum;
}

export function main(argv: string[]): number {
  const grid = makeGrid(argv.length + 3, 4);
  grid[0]![0] = 7;
  return trace(grid);
}
/* ==== annotate
nested-arrays.ts:3 makeGrid(rows: int, cols: int) -> int[][]
nested-arrays.ts:13 trace(grid: int[][]) -> int
nested-arrays.ts:19 main(argv: string[]) -> int
*/
