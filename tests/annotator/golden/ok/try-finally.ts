// finally runs on every way out of a try: the normal end, return, and an exception.

class Log {
  depth = 0;
  lines: string[] = [];
}

function guarded(log: Log, x: number): number {
  log.depth++;
  try {
    if (x < 0) throw new RangeError("negative");
    if (x === 0) return 0;
    log.lines.push(`value ${x}`);
  } finally {
    log.depth--;
  }
  return x * 2;
}

export function main(argv: string[]): number {
  const log = new Log();
  let result = 0;
  try {
    result = guarded(log, argv.length - 2);
  } catch (e) {
    result = -1;
  } finally {
    log.lines.push("done");
  }
  return result + log.depth;
}
/* ==== annotate
try-finally.ts:3 class Log
  depth: int
  lines: string[]
try-finally.ts:3 Log.constructor() -> void
try-finally.ts:8 guarded(log: Log, x: int) -> int
try-finally.ts:20 main(argv: string[]) -> int
*/
