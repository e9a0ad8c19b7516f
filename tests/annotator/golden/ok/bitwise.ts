// The bit operations work on 32 bits and always give ints, from ints or floats; `>>>` gives a
// value >= 0.

function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

function bits(x: number): number {
  const low = x & 0xff;
  const high = (x >> 8) & 0xff;
  const flipped = ~x;
  return (low << 8) | high | (flipped ^ 1);
}

export function main(argv: string[]): number {
  return (hash((argv.length > 0 ? argv[0]! : "")) + bits(1.5 * 7)) & 1;
}
/* ==== annotate
bitwise.ts:4 hash(text: string) -> int
bitwise.ts:13 bits(x: float) -> int
bitwise.ts:20 main(argv: string[]) -> int
*/
