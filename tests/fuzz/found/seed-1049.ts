// Found by `npm run fuzz` (seed 1049): ll2 differs from rts run in stdout, stderr, status, the toolchain failing.
// Reduced automatically from 252 lines; the expectation is what `rts run` prints.
function mix(h: number, v: number): number {
  return (Math.imul(h, 31) + (v | 0)) | 0;
}
function hs(s: string): number {
  let h = 7;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 33) + s.charCodeAt(i)) | 0;
  return h;
}
function toI(f: number): number {
  if (!(f > -1e9 && f < 1e9)) return 0;
  return Math.floor(f);
}
function fz(f: number): number {
  return f === 0 ? 0 : f;
}
class FuzzError extends Error {}
class FuzzErrorB extends FuzzError {}
function errCode(e: unknown): number {
  if (e instanceof FuzzErrorB) return 5000 + (hs(e.message) & 4095);
  if (e instanceof Error) return hs(e.message) & 4095;
  return -1;
}
class C0 {
  f1 = 10;
  f2 = false;
  f3 = "xyxb";
  constructor(seed: number) {}
  m12(p23: number): string {
    let acc24 = 90;
    return "s";
  }
  m15(p38: number, p39: number, p40: number): number {
    let acc41 = 73;
    return 0;
  }
}
const pm19 = new Map<string, number>([["xz", 9]]);
const pt20 = new Int32Array(8);
const pf21 = new Float64Array(4);
const pu22 = new Uint8Array(8);
function fn16(p51: string): number {
  let acc52 = 68;
  return 0;
}
export function main(argv: string[]): number {
  let ck = 0;
  try {
    if (("s" === "s")) {
      pm19.set("s", Math.imul(0, 0));
    }
  } catch (e) {
    ck = mix(ck, errCode(e));
    console.log("caught", errCode(e));
  }
  return 0;
}
/* ==== expected
status 0
---- stdout
---- stderr
*/
