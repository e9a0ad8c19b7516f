// Static fields are computed at import time and read as constants; static methods are plain
// functions called through the class.

class Color {
  static readonly count = 3;
  static names: string[] = ["red", "green", "blue"];
  static created = 0;

  index: number;
  constructor(index: number) {
    this.index = index;
  }

  static byName(name: string): Color {
    return new Color(Math.max(0, Color.names.indexOf(name)));
  }

  name(): string {
    return Color.names[this.index % Color.count]!;
  }
}

export function main(argv: string[]): number {
  const color = Color.byName(argv.length > 1 ? argv[1]! : "green");
  console.log(color.name(), Color.created);
  return color.index;
}
/* ==== annotate
static-members.ts:4 class Color
  index: int
static-members.ts:10 Color.constructor(index: int) -> void
static-members.ts:14 Color.byName(name: string) -> Color
static-members.ts:18 Color.name() -> string
static-members.ts:23 main(argv: string[]) -> int
*/
