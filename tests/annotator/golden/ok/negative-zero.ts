// Negative zero, the rule of the README's language section: a double keeps its sign as in
// JavaScript; console.log prints it "-0" as Node does, String(), template literals, + "" and
// join give "0", and it compares equal to 0. (An integer has no negative zero: Math.ceil,
// Math.round and Math.trunc give integers, so this program's -0 values are all doubles.)

class Point {
  x = 0.5;
}

const origin = new Point();

function scaled(n: number): number {
  return -0 * n;
}

export function main(argv: string[]): number {
  const n = argv.length;
  const z = scaled(n);
  console.log(z, -0, 0, 1 / z, -z);
  console.log(String(z), `${z}`, z + "", "[" + z + "]", [z, 1.5].join(","));
  console.error("to stderr", z);
  console.log(z === 0, z < 0, z > 0, 1 / z < 0, Math.abs(z), Math.max(z, 0), Math.min(z, 0));
  console.log(z.toFixed(2), String(z * 2.5), z + 0, z - 0, 0 - z);
  origin.x = z;
  const maybe: number | undefined = n > 5 ? undefined : origin.x;
  console.log(origin.x, maybe);
  console.log(-0.5 * n * 0, 0 * -1.5, Math.sqrt(z), Math.floor(-0.5 * n) / 1);
  process.stdout.write(`${z}\n`);
  return z === 0 ? 0 : 1;
}
/* ==== annotate
negative-zero.ts:6 class Point
  x: float
negative-zero.ts:12 scaled(n: int) -> float
negative-zero.ts:16 main(argv: string[]) -> int
*/
