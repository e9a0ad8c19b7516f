// A line-numbered listing ("10 PRINT") read with parseInt, the line number kept in an Int32Array.

class Line {
  number: number;
  text: string;
  constructor(number: number, text: string) {
    this.number = number;
    this.text = text;
  }
}

function parseListing(listing: string): Line[] {
  const lines: Line[] = [];
  for (const raw of listing.split("\n")) {
    const space = raw.indexOf(" ");
    const number = parseInt(raw.slice(0, space));
    if (space < 0 || isNaN(number)) continue;
    lines.push(new Line(number, raw.slice(space + 1)));
  }
  return lines;
}

export function main(argv: string[]): number {
  const lines = parseListing(`10 PRINT "HI"\nREM no number\n20 GOTO 10\n${argv.length > 1 ? argv[1]! : "30"} END`);
  const numbers = new Int32Array(lines.length);
  for (let i = 0; i < lines.length; i++) numbers[i] = lines[i]!.number;
  for (const line of lines) console.log(line.number, line.text);
  return numbers[lines.length - 1]! % 64;
}
/* ==== annotate
narrow-lines.ts:3 class Line
  number: int
  text: string
narrow-lines.ts:6 Line.constructor(number: int, text: string) -> void
narrow-lines.ts:12 parseListing(listing: string) -> Line[]
narrow-lines.ts:23 main(argv: string[]) -> int
*/
