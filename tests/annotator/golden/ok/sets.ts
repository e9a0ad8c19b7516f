// Set: add, has, delete, size, and iteration.

function unique(words: string[]): Set<string> {
  const seen = new Set<string>();
  for (const w of words) seen.add(w);
  return seen;
}

export function main(argv: string[]): number {
  const seen = unique(argv);
  seen.delete("--verbose");
  let longest = 0;
  for (const w of seen) if (w.length > longest) longest = w.length;
  return seen.has("-h") ? 0 : longest + seen.size;
}
/* ==== annotate
sets.ts:3 unique(words: string[]) -> Set<string>
sets.ts:9 main(argv: string[]) -> int
*/
