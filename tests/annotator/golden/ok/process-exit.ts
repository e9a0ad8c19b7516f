// process.exit does not return: the code after it is unreachable, and a function that always
// exits returns never.

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function check(n: number): number {
  if (n < 0) fail("negative");
  return n;
}

export function main(argv: string[]): number {
  if (argv.length > 5) process.exit(3);
  return check(argv.length);
}
/* ==== annotate
process-exit.ts:4 fail(message: string) -> never
process-exit.ts:9 check(n: int) -> int
process-exit.ts:14 main(argv: string[]) -> int
*/
