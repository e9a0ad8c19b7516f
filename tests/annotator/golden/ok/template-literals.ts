// Template literals and String(x) turn any primitive into a string.

function row(name: string, count: number, ratio: number, ok: boolean): string {
  return `${name}: ${count} (${ratio}) ${ok ? "ok" : "failed"} ${String(ok)}`;
}

function orNone(value: string | null): string {
  return `value ${value}`;
}

export function main(argv: string[]): number {
  console.log(row("tests", argv.length, argv.length / 3, true));
  console.log(orNone(argv.length > 2 ? argv[2]! : null));
  console.log(String(42) + String(1.5) + String(undefined));
  return 0;
}
/* ==== annotate
template-literals.ts:3 row(name: string, count: int, ratio: float, ok: bool) -> string
template-literals.ts:7 orNone(value: string | null) -> string
template-literals.ts:11 main(argv: string[]) -> int
*/
