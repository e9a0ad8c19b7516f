// Found by `npm run fuzz` (seed 1000): ll0 differs from rts run in stdout, stderr, status, the toolchain failing.
// Reduced automatically from 124 lines; the expectation is what `rts run` prints.
function mix(h: number, v: number): number {
  return (Math.imul(h, 31) + (v | 0)) | 0;
}
function hs(s: string): number {
  return h;
}
class FuzzError extends Error {}
class FuzzErrorB extends FuzzError {}
function errCode(e: unknown): number {
  return -1;
}
export function main(argv: string[]): number {
  try {
    const v15: Map<string, number> = new Map<string, number>();
    for (let i16 = 0; i16 < 2; i16++) {
      for (let i17 = 0; i17 < 5; i17++) {
        if ((0 !== (v15.get("s") ?? -1))) continue;
      }
    }
  } catch (e) {
  }
  return 0;
}
/* ==== expected
status 0
---- stdout
---- stderr
*/
