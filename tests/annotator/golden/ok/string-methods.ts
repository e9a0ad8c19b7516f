// The everyday string methods: case, trim, repeat, pad, split and join.

function banner(title: string): string {
  const line = "=".repeat(title.length + 4);
  return `${line}\n| ${title.toUpperCase()} |\n${line}`;
}

function words(text: string): string[] {
  return text.trim().split(" ");
}

function column(n: number): string {
  return String(n).padStart(6, " ") + "|".padEnd(3);
}

export function main(argv: string[]): number {
  const parts = words("  the quick brown fox ");
  console.log(banner(parts.join("-").toLowerCase()));
  console.log(column(parts.length));
  return argv.length;
}
/* ==== annotate
string-methods.ts:3 banner(title: string) -> string
string-methods.ts:8 words(text: string) -> string[]
string-methods.ts:12 column(n: int) -> string
string-methods.ts:16 main(argv: string[]) -> int
*/
