// Strings compare with < and >, and with ===; an insertion sort of words.

function sortWords(words: string[]): string[] {
  const sorted = words.slice();
  for (let i = 1; i < sorted.length; i++) {
    const word = sorted[i]!;
    let j = i - 1;
    while (j >= 0 && sorted[j]! > word) {
      sorted[j + 1] = sorted[j]!;
      j--;
    }
    sorted[j + 1] = word;
  }
  return sorted;
}

export function main(argv: string[]): number {
  const sorted = sortWords(argv);
  const first = sorted[0] ?? "";
  return first === "a" || first <= "b" ? 1 : 0;
}
/* ==== annotate
string-compare.ts:3 sortWords(words: string[]) -> string[]
string-compare.ts:17 main(argv: string[]) -> int
*/
