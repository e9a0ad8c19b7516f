// Labelled break and continue leave or restart an outer loop.

function findPair(xs: number[], target: number): number {
  let found = -1;
  outer: for (let i = 0; i < xs.length; i++) {
    for (let j = i + 1; j < xs.length; j++) {
      if (xs[i]! + xs[j]! === target) {
        found = i * 100 + j;
        break outer;
      }
      if (xs[j]! > target) continue outer;
    }
  }
  return found;
}

function firstBlank(lines: string[]): number {
  let index = 0;
  search: {
    for (const line of lines) {
      if (line.trim() === "") break search;
      index++;
    }
    return -1;
  }
  return index;
}

export function main(argv: string[]): number {
  return findPair([1, 4, 6, 9], 10) + firstBlank(argv);
}
/* ==== annotate
labelled-loops.ts:3 findPair(xs: int[], target: int) -> int
labelled-loops.ts:17 firstBlank(lines: string[]) -> int
labelled-loops.ts:29 main(argv: string[]) -> int
*/
