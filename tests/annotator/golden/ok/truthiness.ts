// Conditions on any value: a string is true when not empty, a number when not 0, an object
// when not null; a nullable value is not null in the branch where it is true.

class Entry {
  key: string;
  constructor(key: string) {
    this.key = key;
  }
}

function describeEntry(entry: Entry | null, note: string | undefined, count: number): string {
  let text = "";
  if (entry) text += entry.key;
  if (note) text += note.toUpperCase();
  if (!count) text += " (none)";
  return text;
}

export function main(argv: string[]): number {
  const entry = argv.length > 1 ? new Entry(argv[1]!) : null;
  const note = argv.length > 2 ? argv[2] : undefined;
  return describeEntry(entry, note, argv.length).length;
}
/* ==== annotate
truthiness.ts:4 class Entry
  key: string
truthiness.ts:6 Entry.constructor(key: string) -> void
truthiness.ts:11 describeEntry(entry: Entry | null, note: string | undefined, count: int) -> string
truthiness.ts:19 main(argv: string[]) -> int
*/
