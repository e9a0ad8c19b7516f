// Found by `npm run fuzz` (seed 154): ll0 differs from rts run in stdout, stderr, status, the toolchain failing.
// Reduced automatically from 258 lines; the expectation is what `rts run` prints.
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
  f1 = 8;
  f2 = "x-";
  f3 = 1695472582;
  constructor(seed: number) {}
}
const pb12 = new C0(90);
const pa13: number[] = [38, 22, 34, 17, -15];
const pm14 = new Map<string, number>([["xz", 4], ["ay", 4]]);
const pt15 = new Int32Array(8);
const pf16 = new Float64Array(4);
function fn4(p17: boolean, p18: number): number {
  let acc19 = 58;
  if (true) throw new FuzzError("e" + String(toI(Math.sqrt(Math.abs(0.001)) * 100)));
  return mix(acc19, (pm14.get("01") ?? -1));
}
function fn5(p23: number[]): number {
  let acc24 = 64;
  acc24 = Math.imul(pt15[fn4(true, acc24) & 7], 8);
  try {
    acc24 = mix(acc24, (acc24 << (956 & 31)));
  } catch (e) {
  acc24 = mix(acc24, errCode(e));
  if ((errCode(e) & 3) === 1) throw e;
}
  return mix(acc24, acc24);
}
function fn7(p36: number): string {
  let acc37 = 27;
  return (String(acc37) + pb12.f2).slice(0, 20);
}
function fn8(p41: number, p42: string, p43: number): number {
  let acc44 = 82;
  return (acc44 * 0.25 + p41);
}
function rec9(n47: number, r48: number): number {
  if (n47 <= 0) return r48;
  {
  let acc49 = 25;
}
  return rec9(n47 - 1, pb12.f1);
}
export function main(argv: string[]): number {
  let ck = 0;
  try {
    for (let x64 = 0; x64 < pt15.length; x64++) ck = mix(ck, pt15[x64]);
    if (pa13.length < 32) pa13.push(ck);
  } catch (e) {
    ck = mix(ck, errCode(e));
    console.log("caught", errCode(e));
  }
  console.log("ck0", ck);
  try {
    ck = mix(ck, (rec9((Math.floor(77 / ((ck & 7) + 1)) | 0) & 7, (ck | ck)) >> (fn5([1, ck]) & 31)));
    const v65: Uint8Array = new Uint8Array(8);
    let v66 = ("-zz").length;
  } catch (e) {
    ck = mix(ck, errCode(e));
    console.log("caught", errCode(e));
  }
  console.log("ck1", ck);
  try {
    let v67 = ((Math.abs(7.125) - (0.001 + 3.75)) / (Math.abs(1.5) + 1));
    if (((((-3 * 65536 + ((pa13.length > 0 ? pa13[(18 & 1023) % pa13.length] : -1) & 65535)) % 2147483659) | 0) <= pb12.f3)) {
      const o68 = new C0(ck);
      if ((12 > ck)) {
        v67 = (-100.01);
        ck = mix(ck, hs(`<${o68.f3}:${o68.f2}>`));
        for (let x69 = 0; x69 < pt15.length; x69++) ck = mix(ck, pt15[x69]);
      }
    } else {
      for (const x70 of pm14.keys()) ck = mix(ck, hs(x70) + (pm14.get(x70) ?? 0));
    }
    const o71 = new C0(fn5(pa13));
    const v72: Int32Array = new Int32Array(8);
  } catch (e) {
    ck = mix(ck, errCode(e));
    console.log("caught", errCode(e));
  }
  console.log("ck2", ck);
  try {
    ck = mix(ck, (fn5(pa13) & pb12.f3));
    if (((fn7((-0.001)) > " c") || (10 > pb12.f3))) {
      for (let i73 = 0; i73 < 4; i73++) {
        switch (("Qy").length & 7) {
case 4: {
          const o74 = new C0(i73);
        }
case 5: {
          for (let i75 = 0; i75 < 3; i75++) {
            ck = mix(ck, i75);
          }
          ck = fn4((pa13.join("") > ""), toI(pf16[ck & 3] * 100));
        }
break;
case 6: {
          pf16[(((-2147483648 * (5 & 1023)) | 0) << ((pm14.get((fn7(12.5)).slice(0, 2)) ?? -1) & 31)) & 3] = (3.75 * (0.1 + 7.125));
          if (true) continue;
        }
case 7: {
          ck = mix(ck, 3);
        }
default: {
          ck = mix(ck, 3);
        }
}
      }
    }
  } catch (e) {
    ck = mix(ck, errCode(e));
    console.log("caught", errCode(e));
  }
  console.log("ck3", ck);
  return 0;
}
/* ==== expected
status 0
---- stdout
ck0 0
caught 2815
ck1 2815
caught 2815
ck2 90080
caught 2815
ck3 2795295
---- stderr
*/
