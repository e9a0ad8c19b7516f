// Field initializers run in the constructor; a field declared without one is set by the
// constructor and is not undefined in between, as TypeScript checks.

class Buffer {
  items: number[] = [];
  size = 0;
  name: string;
  full = false;
  limit: number;

  constructor(name: string, limit: number) {
    this.name = name;
    this.limit = limit;
  }

  add(x: number): void {
    if (this.size >= this.limit) {
      this.full = true;
      return;
    }
    this.items.push(x);
    this.size++;
  }
}

export function main(argv: string[]): number {
  const buffer = new Buffer("b", 3);
  for (const arg of argv) buffer.add(arg.length);
  return buffer.full ? 1 : buffer.size;
}
/* ==== annotate
field-initializers.ts:4 class Buffer
  full: bool
  items: int[]
  limit: int
  name: char
  size: int
field-initializers.ts:11 Buffer.constructor(name: char, limit: int) -> void
field-initializers.ts:16 Buffer.add(x: int) -> void
field-initializers.ts:26 main(argv: string[]) -> int
*/
