// Loops that only end by return or break: the code after them is reached only by break.

function scanNumber(text: string, start: number): number {
  let i = start;
  while (true) {
    if (i >= text.length) return i; // reading past the end stops an RTS program
    const c = text.charCodeAt(i);
    if (!(c >= 48 && c <= 57)) return i;
    i++;
  }
}

function skipSpaces(text: string): number {
  let i = 0;
  for (;;) {
    if (i >= text.length || text[i] !== " ") break;
    i++;
  }
  return i;
}

export function main(argv: string[]): number {
  const text = (argv.length > 1 ? argv[1]! : "  123x");
  return scanNumber(text, skipSpaces(text));
}
/* ==== annotate
while-true.ts:3 scanNumber(text: string, start: int) -> int
while-true.ts:13 skipSpaces(text: string) -> int
while-true.ts:22 main(argv: string[]) -> int
*/
