// process.exit inside try/finally and try/catch/finally: the process ends at once, no finally
// runs and nothing is caught (issue 20: translation failed with "cannot convert impossible to
// Error").

function cleanup(): void {
  console.log("cleanup");
}

function leave(status: number): number {
  try {
    process.exit(status);
  } finally {
    cleanup();
  }
}

export function main(argv: string[]): number {
  try {
    try {
      console.log("before");
      if (argv.length > 1) process.exit(3);
    } finally {
      cleanup();
    }
  } catch (e) {
    console.log("caught");
  } finally {
    console.log("outer finally");
  }
  return leave(4);
}
/* ==== annotate
process-exit-in-try.ts:5 cleanup() -> void
process-exit-in-try.ts:9 leave(status: int) -> never
process-exit-in-try.ts:17 main(argv: string[]) -> never
*/
