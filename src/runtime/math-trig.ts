/**
 * Math.sin, Math.cos and Math.tan of translated programs (which have no libm), giving the very
 * bits Node gives: V8 computes them with its port of Sun's fdlibm (v8/src/base/ieee754.cc), so
 * this is the same algorithm, operation for operation — the argument reduced modulo pi/2 into a
 * head and a tail (Cody-Waite with up to three parts of pi/2 for |x| < 2^20 * pi/2, Payne-Hanek
 * with 24-bit chunks of 2/pi beyond), then the minimax polynomials of the kernels. Any change of
 * evaluation order changes the last bit of some results, so the code mirrors the original's
 * expressions exactly; constants are given by their bits.
 *
 * RTS code: the double's words through floatHighWord / floatLowWord / floatFromWords; C's
 * int32 casts of small doubles are `| 0`; the reduction's results and scratch arrays are module
 * state (the helpers never reenter).
 */

import { floatFromWords, floatHighWord, floatLowWord } from "rts";
import { scalbn } from "./math-scalbn.js";

/** The double with the given IEEE 754 words (at import time only: constants by their bits). */
function bits(high: number, low: number): number {
  return floatFromWords(high, low);
}

/** x with its low word cleared (C's SET_LOW_WORD(x, 0)). */
function clearLow(x: number): number {
  return floatFromWords(floatHighWord(x), 0);
}

// 2/pi in 24-bit chunks: 396 hex digits, enough for every double's reduction.
const TWO_OVER_PI = [
  0xa2f983, 0x6e4e44, 0x1529fc, 0x2757d1, 0xf534dd, 0xc0db62, 0x95993c, 0x439041, 0xfe5163, 0xabdebb, 0xc561b7,
  0x246e3a, 0x424dd2, 0xe00649, 0x2eea09, 0xd1921c, 0xfe1deb, 0x1cb129, 0xa73ee8, 0x8235f5, 0x2ebb44, 0x84e99c,
  0x7026b4, 0x5f7e41, 0x3991d6, 0x398353, 0x39f49c, 0x845f8b, 0xbdf928, 0x3b1ff8, 0x97ffde, 0x05980f, 0xef2f11,
  0x8b5a0a, 0x6d1f6d, 0x367ecf, 0x27cb09, 0xb74f46, 0x3f669e, 0x5fea2d, 0x7527ba, 0xc7ebe5, 0xf17b3d, 0x0739f7,
  0x8a5292, 0xea6bfb, 0x5fb11f, 0x8d5d08, 0x560330, 0x46fc7b, 0x6babf0, 0xcfbc20, 0x9af436, 0x1da9e3, 0x91615e,
  0xe61b08, 0x659985, 0x5f14a0, 0x68408d, 0xffd880, 0x4d7327, 0x310606, 0x1556ca, 0x73a8c9, 0x60e27b, 0xc08c6b,
];

// The high words of n * pi/2 for n = 1..32: an argument whose high word matches may cancel badly.
const NPIO2_HW = [
  0x3ff921fb, 0x400921fb, 0x4012d97c, 0x401921fb, 0x401f6a7a, 0x4022d97c, 0x4025fdbb, 0x402921fb, 0x402c463a,
  0x402f6a7a, 0x4031475c, 0x4032d97c, 0x40346b9c, 0x4035fdbb, 0x40378fdb, 0x403921fb, 0x403ab41b, 0x403c463a,
  0x403dd85a, 0x403f6a7a, 0x40407e4c, 0x4041475c, 0x4042106c, 0x4042d97c, 0x4043a28c, 0x40446b9c, 0x404534ac,
  0x4045fdbb, 0x4046c6cb, 0x40478fdb, 0x404858eb, 0x404921fb,
];

const INVPIO2 = bits(0x3fe45f30, 0x6dc9c883); // 53 bits of 2/pi
const PIO2_1 = bits(0x3ff921fb, 0x54400000); // the first 33 bits of pi/2
const PIO2_1T = bits(0x3dd0b461, 0x1a626331); // pi/2 - PIO2_1
const PIO2_2 = bits(0x3dd0b461, 0x1a600000); // the next 33 bits
const PIO2_2T = bits(0x3ba3198a, 0x2e037073); // pi/2 - (PIO2_1 + PIO2_2)
const PIO2_3 = bits(0x3ba3198a, 0x2e000000); // the next 33 bits
const PIO2_3T = bits(0x397b839a, 0x252049c1); // pi/2 - (PIO2_1 + PIO2_2 + PIO2_3)

// pi/2 in 24-bit pieces, for the large reduction.
const PIO2_PIECES = [
  bits(0x3ff921fb, 0x40000000),
  bits(0x3e74442d, 0x00000000),
  bits(0x3cf84698, 0x80000000),
  bits(0x3b78cc51, 0x60000000),
  bits(0x39f01b83, 0x80000000),
  bits(0x387a2520, 0x40000000),
  bits(0x36e38222, 0x80000000),
  bits(0x3569f31d, 0x00000000),
];

const TWO24 = 16777216;
const TWON24 = bits(0x3e700000, 0); // 2^-24

/** The reduced argument: x - n*pi/2 = REDUCED[0] + REDUCED[1], |REDUCED[0]| <= pi/4 or so. */
const REDUCED = new Float64Array(2);
// Scratch of the large reduction (fdlibm's local arrays).
const TX = new Float64Array(3);
const F = new Float64Array(20);
const Q = new Float64Array(20);
const FQ = new Float64Array(20);
const IQ = new Int32Array(20);

/**
 * fdlibm's __kernel_rem_pio2 for double precision with the 64-bit setting V8 passes (jk = 4):
 * TX[0..nx) are 24-bit pieces of |x| / 2^e0; sets REDUCED and returns n mod 8.
 */
function remPio2Large(e0: number, nx: number): number {
  const jk = 4;
  const jx = nx - 1;
  let jv = ((e0 - 3) / 24) | 0;
  if (jv < 0) jv = 0;
  let q0 = e0 - 24 * (jv + 1);

  // F[0..jx+jk] = TWO_OVER_PI[jv-jx .. jv+jk]
  let j = jv - jx;
  const m = jx + jk;
  for (let i = 0; i <= m; i++) {
    F[i] = j < 0 ? 0 : TWO_OVER_PI[j]!;
    j++;
  }
  for (let i = 0; i <= jk; i++) {
    let fw = 0.0 / 1;
    for (let k = 0; k <= jx; k++) fw += TX[k]! * F[jx + i - k]!;
    Q[i] = fw;
  }

  let jz = jk;
  for (;;) {
    // Distill Q into 24-bit integers, most significant last.
    let z = Q[jz]!;
    let i = 0;
    for (let k = jz; k > 0; k--) {
      const high = (TWON24 * z) | 0;
      IQ[i] = (z - TWO24 * high) | 0;
      z = Q[k - 1]! + high;
      i++;
    }
    // The integer part mod 8 is n; what is left is the fraction.
    z = scalbn(z, q0);
    z -= 8 * Math.floor(z * 0.125);
    let n = z | 0;
    z -= n;
    let ih = 0;
    if (q0 > 0) {
      const top = IQ[jz - 1]! >> (24 - q0);
      n += top;
      IQ[jz - 1] = IQ[jz - 1]! - (top << (24 - q0));
      ih = IQ[jz - 1]! >> (23 - q0);
    } else if (q0 === 0) {
      ih = IQ[jz - 1]! >> 23;
    } else if (z >= 0.5) {
      ih = 2;
    }

    if (ih > 0) {
      // The fraction is at least 1/2: take 1 - fraction, one more quarter turn.
      n += 1;
      let carry = 0;
      for (let k = 0; k < jz; k++) {
        const chunk = IQ[k]!;
        if (carry === 0) {
          if (chunk !== 0) {
            carry = 1;
            IQ[k] = 0x1000000 - chunk;
          }
        } else {
          IQ[k] = 0xffffff - chunk;
        }
      }
      if (q0 === 1) IQ[jz - 1] = IQ[jz - 1]! & 0x7fffff;
      else if (q0 === 2) IQ[jz - 1] = IQ[jz - 1]! & 0x3fffff;
      if (ih === 2) {
        z = 1 - z;
        if (carry !== 0) z -= scalbn(1, q0);
      }
    }

    if (z === 0) {
      let any = 0;
      for (let k = jz - 1; k >= jk; k--) any |= IQ[k]!;
      if (any === 0) {
        // All the bits so far cancelled: take more chunks of 2/pi and start again.
        let more = 1;
        while (jk >= more && IQ[jk - more] === 0) more++;
        for (let k = jz + 1; k <= jz + more; k++) {
          F[jx + k] = TWO_OVER_PI[jv + k]!;
          let fw = 0.0 / 1;
          for (let l = 0; l <= jx; l++) fw += TX[l]! * F[jx + k - l]!;
          Q[k] = fw;
        }
        jz += more;
        continue;
      }
    }

    // Drop the zero chunks, or split the fraction's last chunk.
    if (z === 0) {
      jz -= 1;
      q0 -= 24;
      while (IQ[jz] === 0) {
        jz--;
        q0 -= 24;
      }
    } else {
      z = scalbn(z, -q0);
      if (z >= TWO24) {
        const high = (TWON24 * z) | 0;
        IQ[jz] = (z - TWO24 * high) | 0;
        jz += 1;
        q0 += 24;
        IQ[jz] = high;
      } else {
        IQ[jz] = z | 0;
      }
    }

    // The chunks as doubles, then times pi/2.
    let fw = scalbn(1, q0);
    for (let k = jz; k >= 0; k--) {
      Q[k] = fw * IQ[k]!;
      fw *= TWON24;
    }
    for (let k = jz; k >= 0; k--) {
      let sum = 0.0 / 1;
      for (let l = 0; l <= jk && l <= jz - k; l++) sum += PIO2_PIECES[l]! * Q[k + l]!;
      FQ[jz - k] = sum;
    }

    // Head and tail.
    let head = 0.0 / 1;
    for (let k = jz; k >= 0; k--) head += FQ[k]!;
    REDUCED[0] = ih === 0 ? head : -head;
    let tail = FQ[0]! - head;
    for (let k = 1; k <= jz; k++) tail += FQ[k]!;
    REDUCED[1] = ih === 0 ? tail : -tail;
    return n & 7;
  }
}

/** fdlibm's __ieee754_rem_pio2: x - n*pi/2 into REDUCED; returns n (exact for medium x, mod 8 beyond). */
function remPio2(x: number): number {
  const hx = floatHighWord(x) | 0;
  const ix = hx & 0x7fffffff;
  if (ix <= 0x3fe921fb) {
    REDUCED[0] = x;
    REDUCED[1] = 0;
    return 0;
  }
  if (ix < 0x4002d97c) {
    // |x| < 3pi/4: n is +-1; near pi/2 itself, a 33+33+53-bit pi/2.
    if (hx > 0) {
      let z = x - PIO2_1;
      if (ix !== 0x3ff921fb) {
        REDUCED[0] = z - PIO2_1T;
        REDUCED[1] = z - REDUCED[0]! - PIO2_1T;
      } else {
        z -= PIO2_2;
        REDUCED[0] = z - PIO2_2T;
        REDUCED[1] = z - REDUCED[0]! - PIO2_2T;
      }
      return 1;
    }
    let z = x + PIO2_1;
    if (ix !== 0x3ff921fb) {
      REDUCED[0] = z + PIO2_1T;
      REDUCED[1] = z - REDUCED[0]! + PIO2_1T;
    } else {
      z += PIO2_2;
      REDUCED[0] = z + PIO2_2T;
      REDUCED[1] = z - REDUCED[0]! + PIO2_2T;
    }
    return -1;
  }
  if (ix <= 0x413921fb) {
    // |x| <= 2^19 * pi/2: Cody-Waite, with a second and third part of pi/2 when the first cancels.
    const t = Math.abs(x);
    const n = (t * INVPIO2 + 0.5) | 0;
    let r = t - n * PIO2_1;
    let w = n * PIO2_1T;
    let y0 = r - w;
    if (n >= 32 || ix === NPIO2_HW[n - 1]) {
      const j = ix >> 20;
      let i = j - ((floatHighWord(y0) >>> 20) & 0x7ff);
      if (i > 16) {
        let u = r;
        w = n * PIO2_2;
        r = u - w;
        w = n * PIO2_2T - (u - r - w);
        y0 = r - w;
        i = j - ((floatHighWord(y0) >>> 20) & 0x7ff);
        if (i > 49) {
          u = r;
          w = n * PIO2_3;
          r = u - w;
          w = n * PIO2_3T - (u - r - w);
          y0 = r - w;
        }
      }
    }
    const y1 = r - y0 - w;
    if (hx < 0) {
      REDUCED[0] = -y0;
      REDUCED[1] = -y1;
      return -n;
    }
    REDUCED[0] = y0;
    REDUCED[1] = y1;
    return n;
  }
  if (ix >= 0x7ff00000) {
    REDUCED[0] = x - x;
    REDUCED[1] = REDUCED[0]!;
    return 0;
  }
  // Large: |x| as three 24-bit pieces scaled by 2^e0.
  const e0 = (ix >> 20) - 1046;
  let z = floatFromWords(ix - (e0 << 20), floatLowWord(x));
  for (let i = 0; i < 2; i++) {
    TX[i] = z | 0;
    z = (z - TX[i]!) * TWO24;
  }
  TX[2] = z;
  let nx = 3;
  while (TX[nx - 1] === 0) nx--;
  const n = remPio2Large(e0, nx);
  if (hx < 0) {
    REDUCED[0] = -REDUCED[0]!;
    REDUCED[1] = -REDUCED[1]!;
    return -n;
  }
  return n;
}

const S1 = bits(0xbfc55555, 0x55555549);
const S2 = bits(0x3f811111, 0x1110f8a6);
const S3 = bits(0xbf2a01a0, 0x19c161d5);
const S4 = bits(0x3ec71de3, 0x57b1fe7d);
const S5 = bits(0xbe5ae5e6, 0x8a2b9ceb);
const S6 = bits(0x3de5d93a, 0x5acfd57c);

/** sin(x + y) for |x| <= pi/4, y the tail of x (ignored when hasTail is false). */
function kernelSin(x: number, y: number, hasTail: boolean): number {
  const ix = floatHighWord(x) & 0x7fffffff;
  if (ix < 0x3e400000) return x; // |x| < 2^-27
  const z = x * x;
  const v = z * x;
  const r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
  if (!hasTail) return x + v * (S1 + z * r);
  return x - (z * (0.5 * y - v * r) - y - v * S1);
}

const C1 = bits(0x3fa55555, 0x5555554c);
const C2 = bits(0xbf56c16c, 0x16c15177);
const C3 = bits(0x3efa01a0, 0x19cb1590);
const C4 = bits(0xbe927e4f, 0x809c52ad);
const C5 = bits(0x3e21ee9e, 0xbdb4b1c4);
const C6 = bits(0xbda8fae9, 0xbe8838d4);

/** cos(x + y) for |x| <= pi/4, y the tail of x. */
function kernelCos(x: number, y: number): number {
  const ix = floatHighWord(x) & 0x7fffffff;
  if (ix < 0x3e400000) return 1.0 / 1; // |x| < 2^-27
  const z = x * x;
  const r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
  if (ix < 0x3fd33333) return 1 - (0.5 * z - (z * r - x * y)); // |x| < 0.3
  // 1 - qx and z/2 - qx are exact, and the subtraction loses less.
  const qx = ix > 0x3fe90000 ? 0.28125 : floatFromWords(ix - 0x00200000, 0);
  const hz = 0.5 * z - qx;
  const a = 1 - qx;
  return a - (hz - (z * r - x * y));
}

const T = [
  bits(0x3fd55555, 0x55555563),
  bits(0x3fc11111, 0x1110fe7a),
  bits(0x3faba1ba, 0x1bb341fe),
  bits(0x3f9664f4, 0x8406d637),
  bits(0x3f8226e3, 0xe96e8493),
  bits(0x3f6d6d22, 0xc9560328),
  bits(0x3f57dbc8, 0xfee08315),
  bits(0x3f4344d8, 0xf2f26501),
  bits(0x3f3026f7, 0x1a8d1068),
  bits(0x3f147e88, 0xa03792a6),
  bits(0x3f12b80f, 0x32f0a7e9),
  bits(0xbef375cb, 0xdb605373),
  bits(0x3efb2a70, 0x74bf7ad4),
];
const PIO4 = bits(0x3fe921fb, 0x54442d18);
const PIO4LO = bits(0x3c81a626, 0x33145c07);

/** -1/(x + r) to full precision, w = x + r rounded (fdlibm's careful division). */
function negReciprocal(w: number, x: number, r: number): number {
  const z = clearLow(w);
  const v = r - (z - x); // z + v = r + x
  const a = -1.0 / w;
  const t = clearLow(a);
  const s = 1.0 + t * z;
  return t + a * (s + t * v);
}

/** tan(x + y) for |x| <= pi/4 when iy is 1, -1/tan(x + y) when iy is -1. */
function kernelTan(x0: number, y0: number, iy: number): number {
  let x = x0;
  let y = y0;
  const hx = floatHighWord(x) | 0;
  const ix = hx & 0x7fffffff;
  if (ix < 0x3e300000) {
    // |x| < 2^-28
    if ((ix | floatLowWord(x) | (iy + 1)) === 0) return 1 / Math.abs(x);
    if (iy === 1) return x;
    return negReciprocal(x + y, x, y);
  }
  const big = ix >= 0x3fe59428; // |x| >= 0.6744: tan(pi/4 - y) = (1 - tan y) / (1 + tan y)
  if (big) {
    if (hx < 0) {
      x = -x;
      y = -y;
    }
    const z = PIO4 - x;
    const w = PIO4LO - y;
    x = z + w;
    y = 0.0 / 1;
  }
  const z = x * x;
  let w = z * z;
  // x^5 (T1 + x^4 T3 + ... + x^20 T11) + x^5 (x^2 (T2 + x^4 T4 + ... + x^22 T12))
  let r = T[1]! + w * (T[3]! + w * (T[5]! + w * (T[7]! + w * (T[9]! + w * T[11]!))));
  let v = z * (T[2]! + w * (T[4]! + w * (T[6]! + w * (T[8]! + w * (T[10]! + w * T[12]!)))));
  const s = z * x;
  r = y + z * (s * (r + v) + y);
  r += T[0]! * s;
  w = x + r;
  if (big) {
    v = iy;
    return (1 - ((hx >> 30) & 2)) * (v - 2.0 * (x - (w * w / (w + v) - r)));
  }
  if (iy === 1) return w;
  return negReciprocal(w, x, r);
}

/** Math.sin(x), as V8 computes it. */
export function mathSin(x: number): number {
  const ix = floatHighWord(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) return kernelSin(x, 0, false);
  if (ix >= 0x7ff00000) return x - x; // NaN for NaN and the infinities
  const n = remPio2(x);
  const y0 = REDUCED[0]!;
  const y1 = REDUCED[1]!;
  switch (n & 3) {
    case 0:
      return kernelSin(y0, y1, true);
    case 1:
      return kernelCos(y0, y1);
    case 2:
      return -kernelSin(y0, y1, true);
    default:
      return -kernelCos(y0, y1);
  }
}

/** Math.cos(x), as V8 computes it. */
export function mathCos(x: number): number {
  const ix = floatHighWord(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) return kernelCos(x, 0);
  if (ix >= 0x7ff00000) return x - x;
  const n = remPio2(x);
  const y0 = REDUCED[0]!;
  const y1 = REDUCED[1]!;
  switch (n & 3) {
    case 0:
      return kernelCos(y0, y1);
    case 1:
      return -kernelSin(y0, y1, true);
    case 2:
      return -kernelCos(y0, y1);
    default:
      return kernelSin(y0, y1, true);
  }
}

/** Math.tan(x), as V8 computes it. */
export function mathTan(x: number): number {
  const ix = floatHighWord(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) return kernelTan(x, 0, 1);
  if (ix >= 0x7ff00000) return x - x;
  const n = remPio2(x);
  return kernelTan(REDUCED[0]!, REDUCED[1]!, 1 - ((n & 1) << 1));
}
