// Typed arrays: fixed-size arrays of machine numbers. Items of Uint8Array and Int32Array are
// ints, of Float64Array floats.

function checksum(bytes: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i++) sum = (sum + bytes[i]!) & 0xffff;
  return sum;
}

function prefixSums(values: Int32Array): Float64Array {
  const sums = new Float64Array(values.length + 1);
  for (let i = 0; i < values.length; i++) sums[i + 1] = sums[i]! + values[i]! * 0.5;
  return sums;
}

export function main(argv: string[]): number {
  const bytes = new Uint8Array(16);
  bytes.fill(7);
  bytes[3] = argv.length;
  const values = new Int32Array(4);
  values[0] = -1;
  const sums = prefixSums(values);
  return checksum(bytes.slice(0, 8)) + Math.floor(sums[4]!);
}
/* ==== annotate
typed-arrays.ts:4 checksum(bytes: Uint8Array) -> int
typed-arrays.ts:10 prefixSums(values: Int32Array) -> Float64Array
typed-arrays.ts:16 main(argv: string[]) -> int
*/
