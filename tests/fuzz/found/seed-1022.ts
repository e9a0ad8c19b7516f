// Found by `npm run fuzz` (seed 1022): ll0 differs from rts run in stdout, stderr, status, the toolchain failing.
// Reduced automatically from 270 lines; the expectation is what `rts run` prints.
function mix(h: number, v: number): number {
  return (Math.imul(h, 31) + (v | 0)) | 0;
}
function hs(s: string): number {
  let h = 7;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 33) + s.charCodeAt(i)) | 0;
  return h;
}
class FuzzError extends Error {}
class FuzzErrorB extends FuzzError {}
function errCode(e: unknown): number {
  if (e instanceof FuzzErrorB) return 5000 + (hs(e.message) & 4095);
  if (e instanceof Error) return hs(e.message) & 4095;
  return -1;
}
const pa6: number[] = [];
export function main(argv: string[]): number {
  let ck = 0;
  try {
    let w39 = 0;
while (w39 < 2) {
w39++;
{
      switch (0 & 7) {
case 2: {
        try {
          switch ((pa6.length > 0 ? pa6[(0 & 1023) % pa6.length] : -1) & 7) {
case 1: {}
break;
case 4: {}
break;
case 6: {}
break;
default: {}
}
        } catch (e) {
  ck = mix(ck, errCode(e));
}
      }
break;
case 3: {}
break;
case 6: {}
break;
case 7: {}
break;
default: {}
}
    }
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
