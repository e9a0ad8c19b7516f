// Iterating a Map: for...of gives [key, value] pairs, as do entries(); keys() and values()
// give the keys and the values.

function histogram(words: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
  return counts;
}

export function main(argv: string[]): number {
  const counts = histogram(argv);
  let total = 0;
  for (const [word, count] of counts) console.log(word, count);
  for (const [word, count] of counts.entries()) total += word.length * count;
  for (const word of counts.keys()) total += word.length;
  for (const count of counts.values()) total += count;
  return total;
}
/* ==== annotate
map-iteration.ts:4 histogram(words: string[]) -> Map<string, int>
map-iteration.ts:10 main(argv: string[]) -> int
*/
