/**
 * Math.atan, atan2, exp, log, log2, log10 and pow of translated programs (which have no libm),
 * giving the very bits Node gives: V8 computes them with its port of Sun's fdlibm
 * (v8/src/base/ieee754.cc; pow is fdlibm's e_pow.c there too, not the C library's), so these are
 * the same algorithms, operation for operation — any change of evaluation order changes the last
 * bit of some results. Constants are given by their bits. sin, cos and tan are in math-trig.ts.
 *
 * RTS code: the double's words through floatHighWord / floatLowWord / floatFromWords (the high
 * word made signed with `| 0` where fdlibm compares it as an int32); C's int32 casts of small
 * doubles are `| 0`.
 */

import { floatFromWords, floatHighWord, floatLowWord } from "rts";
import { INFINITY, NAN, NEGATIVE_ZERO } from "./numbers-double.js";
import { scalbn } from "./math-scalbn.js";

// The whole family, exported from here to the helpers' index.
export { mathCos, mathSin, mathTan } from "./math-trig.js";
export { floatMod, toInt32Large } from "./math-exact.js";

/** The double with the given IEEE 754 words (at import time only: constants by their bits). */
function bits(high: number, low: number): number {
  return floatFromWords(high, low);
}

/** x with its low word cleared (C's SET_LOW_WORD(x, 0)). */
function clearLow(x: number): number {
  return floatFromWords(floatHighWord(x), 0);
}

/** x with its high word replaced (C's SET_HIGH_WORD). */
function withHigh(x: number, high: number): number {
  return floatFromWords(high >>> 0, floatLowWord(x));
}

const HUGE = 1e300;
const TINY = 1e-300;
const TWO54 = 18014398509481984;

// --- atan ---------------------------------------------------------------------------------

// atan(0.5), atan(1), atan(1.5), atan(inf) as head and tail.
const ATAN_HI = [bits(0x3fddac67, 0x0561bb4f), bits(0x3fe921fb, 0x54442d18), bits(0x3fef730b, 0xd281f69b), bits(0x3ff921fb, 0x54442d18)];
const ATAN_LO = [bits(0x3c7a2b7f, 0x222f65e2), bits(0x3c81a626, 0x33145c07), bits(0x3c700788, 0x7af0cbbd), bits(0x3c91a626, 0x33145c07)];
const AT = [
  bits(0x3fd55555, 0x5555550d),
  bits(0xbfc99999, 0x9998ebc4),
  bits(0x3fc24924, 0x920083ff),
  bits(0xbfbc71c6, 0xfe231671),
  bits(0x3fb745cd, 0xc54c206e),
  bits(0xbfb3b0f2, 0xaf749a6d),
  bits(0x3fb10d66, 0xa0d03d51),
  bits(0xbfadde2d, 0x52defd9a),
  bits(0x3fa97b4b, 0x24760deb),
  bits(0xbfa2b444, 0x2c6a6c2f),
  bits(0x3f90ad3a, 0xe322da11),
];

/** Math.atan(x), as V8 computes it: reduced to [0, 7/16] around atan(0.5), atan(1), atan(1.5), pi/2. */
export function mathAtan(x0: number): number {
  let x = x0;
  const hx = floatHighWord(x) | 0;
  const ix = hx & 0x7fffffff;
  if (ix >= 0x44100000) {
    // |x| >= 2^66
    if (x !== x) return x + x;
    if (hx > 0) return ATAN_HI[3]! + ATAN_LO[3]!;
    return -ATAN_HI[3]! - ATAN_LO[3]!;
  }
  let id = -1;
  if (ix < 0x3fdc0000) {
    // |x| < 0.4375
    if (ix < 0x3e400000) return x; // |x| < 2^-27
  } else {
    x = Math.abs(x);
    if (ix < 0x3ff30000) {
      if (ix < 0x3fe60000) {
        id = 0;
        x = (2.0 * x - 1) / (2.0 + x);
      } else {
        id = 1;
        x = (x - 1) / (x + 1);
      }
    } else if (ix < 0x40038000) {
      id = 2;
      x = (x - 1.5) / (1 + 1.5 * x);
    } else {
      id = 3;
      x = -1.0 / x;
    }
  }
  const z = x * x;
  const w = z * z;
  // The odd and even halves of the polynomial.
  const s1 = z * (AT[0]! + w * (AT[2]! + w * (AT[4]! + w * (AT[6]! + w * (AT[8]! + w * AT[10]!)))));
  const s2 = w * (AT[1]! + w * (AT[3]! + w * (AT[5]! + w * (AT[7]! + w * AT[9]!))));
  if (id < 0) return x - x * (s1 + s2);
  const r = ATAN_HI[id]! - (x * (s1 + s2) - ATAN_LO[id]! - x);
  return hx < 0 ? -r : r;
}

// --- atan2 --------------------------------------------------------------------------------

const PI_O_4 = bits(0x3fe921fb, 0x54442d18);
const PI_O_2 = bits(0x3ff921fb, 0x54442d18);
const PI = bits(0x400921fb, 0x54442d18);
const PI_LO = bits(0x3ca1a626, 0x33145c07);

/** Math.atan2(y, x), as V8 computes it. */
export function mathAtan2(y: number, x: number): number {
  if (x !== x || y !== y) return x + y;
  if (x === 1) return mathAtan(y);
  const hx = floatHighWord(x) | 0;
  const ix = hx & 0x7fffffff;
  const lx = floatLowWord(x);
  const hy = floatHighWord(y) | 0;
  const iy = hy & 0x7fffffff;
  const ly = floatLowWord(y);
  let m = ((hy >> 31) & 1) | ((hx >> 30) & 2); // 2*sign(x) + sign(y)

  if ((iy | ly) === 0) {
    // y = +-0
    if (m < 2) return y;
    return m === 2 ? PI + TINY : -PI - TINY;
  }
  if ((ix | lx) === 0) return hy < 0 ? -PI_O_2 - TINY : PI_O_2 + TINY;
  if (ix === 0x7ff00000) {
    if (iy === 0x7ff00000) {
      switch (m) {
        case 0:
          return PI_O_4 + TINY;
        case 1:
          return -PI_O_4 - TINY;
        case 2:
          return 3.0 * PI_O_4 + TINY;
        default:
          return -3.0 * PI_O_4 - TINY;
      }
    }
    switch (m) {
      case 0:
        return 0.0 / 1;
      case 1:
        return NEGATIVE_ZERO;
      case 2:
        return PI + TINY;
      default:
        return -PI - TINY;
    }
  }
  if (iy === 0x7ff00000) return hy < 0 ? -PI_O_2 - TINY : PI_O_2 + TINY;

  const k = (iy - ix) >> 20;
  let z = 0.0 / 1;
  if (k > 60) {
    // |y/x| > 2^60
    z = PI_O_2 + 0.5 * PI_LO;
    m &= 1;
  } else if (hx < 0 && k < -60) {
    z = 0.0 / 1; // 0 > |y|/x > -2^-60
  } else {
    z = mathAtan(Math.abs(y / x));
  }
  switch (m) {
    case 0:
      return z;
    case 1:
      return -z;
    case 2:
      return PI - (z - PI_LO);
    default:
      return z - PI_LO - PI;
  }
}

// --- exp ----------------------------------------------------------------------------------

const O_THRESHOLD = bits(0x40862e42, 0xfefa39ef);
const U_THRESHOLD = bits(0xc0874910, 0xd52d3051);
const LN2_HI = bits(0x3fe62e42, 0xfee00000);
const LN2_LO = bits(0x3dea39ef, 0x35793c76);
const INVLN2 = bits(0x3ff71547, 0x652b82fe);
const P1 = bits(0x3fc55555, 0x5555553e);
const P2 = bits(0xbf66c16c, 0x16bebd93);
const P3 = bits(0x3f11566a, 0xaf25de2c);
const P4 = bits(0xbebbbd41, 0xc5d26bf1);
const P5 = bits(0x3e663769, 0x72bea4d0);
const E = bits(0x4005bf0a, 0x8b145769);
const TWOM1000 = bits(0x01700000, 0);
const TWO1023 = bits(0x7fe00000, 0);

/** Math.exp(x), as V8 computes it: x = k ln2 + r, exp(r) by a rational approximation, times 2^k. */
export function mathExp(x0: number): number {
  let x = x0;
  let hx = floatHighWord(x);
  const xsb = (hx >>> 31) & 1;
  hx &= 0x7fffffff;

  if (hx >= 0x40862e42) {
    // |x| >= 709.78...
    if (hx >= 0x7ff00000) {
      if (x !== x) return x + x;
      return xsb === 0 ? x : 0.0 / 1; // exp(+-inf) = inf, 0
    }
    if (x > O_THRESHOLD) return INFINITY;
    if (x < U_THRESHOLD) return 0.0 / 1;
  }

  let hi = 0.0 / 1;
  let lo = 0.0 / 1;
  let k = 0;
  if (hx > 0x3fd62e42) {
    // |x| > ln2 / 2
    if (hx < 0x3ff0a2b2) {
      // and |x| < 1.5 ln2; V8 returns e itself for exp(1), whose last bit this gets wrong.
      if (x === 1) return E;
      if (xsb === 0) {
        hi = x - LN2_HI;
        lo = LN2_LO;
      } else {
        hi = x + LN2_HI;
        lo = -LN2_LO;
      }
      k = 1 - xsb - xsb;
    } else {
      k = (INVLN2 * x + (xsb === 0 ? 0.5 : -0.5)) | 0;
      hi = x - k * LN2_HI; // exact
      lo = k * LN2_LO;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    return 1 + x; // |x| < 2^-28
  }

  const t = x * x;
  const twopk = k >= -1021 ? floatFromWords(0x3ff00000 + (k << 20), 0) : floatFromWords(0x3ff00000 + ((k + 1000) << 20), 0);
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2.0) - x);
  const y = 1 - (lo - (x * c) / (2.0 - c) - hi);
  if (k >= -1021) {
    if (k === 1024) return y * 2.0 * TWO1023;
    return y * twopk;
  }
  return y * twopk * TWOM1000;
}

// --- log, log2, log10 ---------------------------------------------------------------------

const LG1 = bits(0x3fe55555, 0x55555593);
const LG2 = bits(0x3fd99999, 0x9997fa04);
const LG3 = bits(0x3fd24924, 0x94229359);
const LG4 = bits(0x3fcc71c5, 0x1d8e78af);
const LG5 = bits(0x3fc74664, 0x96cb03de);
const LG6 = bits(0x3fc39a09, 0xd078c69f);
const LG7 = bits(0x3fc2f112, 0xdf3e5244);

/** Math.log(x), as V8 computes it: x = 2^k (1+f), log(1+f) from s = f/(2+f). */
export function mathLog(x0: number): number {
  let x = x0;
  let hx = floatHighWord(x) | 0;
  let k = 0;
  if (hx < 0x00100000) {
    // x < 2^-1022
    if (((hx & 0x7fffffff) | floatLowWord(x)) === 0) return -INFINITY; // log(+-0)
    if (hx < 0) return NAN; // log(negative)
    k -= 54;
    x *= TWO54; // subnormal: scale up
    hx = floatHighWord(x) | 0;
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  let i = (hx + 0x95f64) & 0x100000;
  x = withHigh(x, hx | (i ^ 0x3ff00000)); // normalize x or x/2
  k += i >> 20;
  const f = x - 1.0;
  if ((0x000fffff & (2 + hx)) < 3) {
    // -2^-20 <= f < 2^-20
    if (f === 0) {
      if (k === 0) return 0.0 / 1;
      return k * LN2_HI + k * LN2_LO;
    }
    const r = f * f * (0.5 - 0.33333333333333333 * f);
    if (k === 0) return f - r;
    return k * LN2_HI - (r - k * LN2_LO - f);
  }
  const s = f / (2.0 + f);
  const z = s * s;
  i = hx - 0x6147a;
  const w = z * z;
  const j = 0x6b851 - hx;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  i |= j;
  const r = t2 + t1;
  if (i > 0) {
    const hfsq = 0.5 * f * f;
    if (k === 0) return f - (hfsq - s * (hfsq + r));
    return k * LN2_HI - (hfsq - (s * (hfsq + r) + k * LN2_LO) - f);
  }
  if (k === 0) return f - s * (f - r);
  return k * LN2_HI - (s * (f - r) - k * LN2_LO - f);
}

/** log(1+f) - f + f*f/2 for 1+f in [sqrt(2)/2, sqrt(2)]: fdlibm's k_log1p. */
function kLog1p(f: number): number {
  const s = f / (2.0 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  const r = t2 + t1;
  const hfsq = 0.5 * f * f;
  return s * (hfsq + r);
}

const IVLN2HI = bits(0x3ff71547, 0x65200000);
const IVLN2LO = bits(0x3de705fc, 0x2eefa200);

/** Math.log2(x), as V8 computes it (FreeBSD's e_log2.c: the sum in extra precision). */
export function mathLog2(x0: number): number {
  let x = x0;
  let hx = floatHighWord(x) | 0;
  const lx = floatLowWord(x);
  let k = 0;
  if (hx < 0x00100000) {
    if (((hx & 0x7fffffff) | lx) === 0) return -INFINITY;
    if (hx < 0) return NAN;
    k -= 54;
    x *= TWO54;
    hx = floatHighWord(x) | 0;
  }
  if (hx >= 0x7ff00000) return x + x;
  if (hx === 0x3ff00000 && lx === 0) return 0.0 / 1;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const i = (hx + 0x95f64) & 0x100000;
  x = withHigh(x, hx | (i ^ 0x3ff00000));
  k += i >> 20;
  const y = k / 1;
  const f = x - 1.0;
  const hfsq = 0.5 * f * f;
  const r = kLog1p(f);
  // f - hfsq as hi + lo, hi with 32 low zero bits, so that hi * IVLN2HI is exact.
  const hi = clearLow(f - hfsq);
  const lo = f - hi - hfsq + r;
  let valHi = hi * IVLN2HI;
  let valLo = (lo + hi) * IVLN2LO + lo * IVLN2HI;
  const w = y + valHi;
  valLo += y - w + valHi;
  valHi = w;
  return valLo + valHi;
}

const IVLN10 = 4.34294481903251816668e-1;
const LOG10_2HI = bits(0x3fd34413, 0x509f6000);
const LOG10_2LO = bits(0x3d59fef3, 0x11f12b36);

/** Math.log10(x), as V8 computes it: n log10(2) + log(x / 2^n) / ln(10). */
export function mathLog10(x0: number): number {
  let x = x0;
  let hx = floatHighWord(x) | 0;
  let lx = floatLowWord(x);
  let k = 0;
  if (hx < 0x00100000) {
    if (((hx & 0x7fffffff) | lx) === 0) return -INFINITY;
    if (hx < 0) return NAN;
    k -= 54;
    x *= TWO54;
    hx = floatHighWord(x) | 0;
    lx = floatLowWord(x);
  }
  if (hx >= 0x7ff00000) return x + x;
  if (hx === 0x3ff00000 && lx === 0) return 0.0 / 1;
  k += (hx >> 20) - 1023;
  const i = k < 0 ? 1 : 0;
  hx = (hx & 0x000fffff) | ((0x3ff - i) << 20);
  const y = (k + i) / 1;
  x = floatFromWords(hx, lx);
  const z = y * LOG10_2LO + IVLN10 * mathLog(x);
  return z + y * LOG10_2HI;
}

// --- pow ----------------------------------------------------------------------------------

const BP = [1.0, 1.5];
const DP_H = [0.0, bits(0x3fe2b803, 0x40000000)]; // log2(1.5) head
const DP_L = [0.0, bits(0x3e4cfdeb, 0x43cfd006)]; // and tail
const TWO53 = 9007199254740992;
// (3/2)(log(x) - 2s - 2/3 s^3) as a polynomial
const L1 = bits(0x3fe33333, 0x33333303);
const L2 = bits(0x3fdb6db6, 0xdb6fabff);
const L3 = bits(0x3fd55555, 0x518f264d);
const L4 = bits(0x3fd17460, 0xa91d4101);
const L5 = bits(0x3fcd864a, 0x93c9db65);
const L6 = bits(0x3fca7e28, 0x4a454eef);
const LG2_FULL = bits(0x3fe62e42, 0xfefa39ef);
const LG2_H = bits(0x3fe62e43, 0x00000000);
const LG2_L = bits(0xbe205c61, 0x0ca86c39);
const OVT = 8.0085662595372944372e-17; // -(1024 - log2(overflow + 0.5 ulp))
const CP = bits(0x3feec709, 0xdc3a03fd); // 2/(3 ln2)
const CP_H = bits(0x3feec709, 0xe0000000);
const CP_L = bits(0xbe3e2fe0, 0x145b01f5);
const IVLN2 = bits(0x3ff71547, 0x652b82fe);
const IVLN2_H = bits(0x3ff71547, 0x60000000);
const IVLN2_L = bits(0x3e54ae0b, 0xf85ddf44);

/**
 * Math.pow(x, y) and x ** y, as V8 computes them (fdlibm's e_pow.c, with JavaScript's NaN for
 * (+-1) ** +-Infinity): log2(x) in two pieces, times y in simulated extra precision, 2^that.
 */
export function mathPow(x: number, y: number): number {
  const hx = floatHighWord(x) | 0;
  const lx = floatLowWord(x);
  const hy = floatHighWord(y) | 0;
  const ly = floatLowWord(y);
  let ix = hx & 0x7fffffff;
  const iy = hy & 0x7fffffff;

  if ((iy | ly) === 0) return 1.0 / 1; // x ** +-0
  if (x !== x || y !== y) return x + y;

  // yisint: 0 y is not an integer, 1 an odd integer, 2 an even one (only needed for x < 0).
  let yisint = 0;
  if (hx < 0) {
    if (iy >= 0x43400000) {
      yisint = 2;
    } else if (iy >= 0x3ff00000) {
      const e = (iy >> 20) - 0x3ff;
      if (e > 20) {
        const j = ly >>> (52 - e);
        if (j << (52 - e) === (ly | 0)) yisint = 2 - (j & 1);
      } else if (ly === 0) {
        const j = iy >> (20 - e);
        if (j << (20 - e) === iy) yisint = 2 - (j & 1);
      }
    }
  }

  if (ly === 0) {
    if (iy === 0x7ff00000) {
      // y is +-inf
      if (((ix - 0x3ff00000) | lx) === 0) return y - y; // (+-1) ** +-inf is NaN
      if (ix >= 0x3ff00000) return hy >= 0 ? y : 0.0 / 1; // (|x| > 1) ** +-inf = inf, 0
      return hy < 0 ? -y : 0.0 / 1; // (|x| < 1) ** -+inf = inf, 0
    }
    if (iy === 0x3ff00000) return hy < 0 ? 1 / x : x; // y is +-1
    if (hy === 0x40000000) return x * x; // y is 2
    if (hy === 0x3fe00000 && hx >= 0) return Math.sqrt(x); // y is 0.5, x >= +0
  }

  let ax = Math.abs(x);
  if (lx === 0 && (ix === 0x7ff00000 || ix === 0 || ix === 0x3ff00000)) {
    // x is +-0, +-inf, +-1
    let z = ax;
    if (hy < 0) z = 1 / z;
    if (hx < 0) {
      if (((ix - 0x3ff00000) | yisint) === 0) z = NAN; // (-1) ** non-integer
      else if (yisint === 1) z = -z; // (x < 0) ** odd = -(|x| ** odd)
    }
    return z;
  }

  let n = (hx >> 31) + 1;
  if ((n | yisint) === 0) return NAN; // (x < 0) ** non-integer

  let s = 1.0 / 1; // the sign of the result
  if ((n | (yisint - 1)) === 0) s = -1.0 / 1; // (negative) ** odd integer

  let t1 = 0.0 / 1;
  let t2 = 0.0 / 1;
  if (iy > 0x41e00000) {
    // |y| > 2^31
    if (iy > 0x43f00000) {
      // |y| > 2^64: must overflow or underflow
      if (ix <= 0x3fefffff) return hy < 0 ? HUGE * HUGE : TINY * TINY;
      if (ix >= 0x3ff00000) return hy > 0 ? HUGE * HUGE : TINY * TINY;
    }
    if (ix < 0x3fefffff) return hy < 0 ? s * HUGE * HUGE : s * TINY * TINY;
    if (ix > 0x3ff00000) return hy > 0 ? s * HUGE * HUGE : s * TINY * TINY;
    // |1 - x| <= 2^-20: log(x) by x - x^2/2 + x^3/3 - x^4/4
    const t = ax - 1; // 20 trailing zeros
    const w = t * t * (0.5 - t * (0.3333333333333333333333 - t * 0.25));
    const u = IVLN2_H * t;
    const v = t * IVLN2_L - w * IVLN2;
    t1 = clearLow(u + v);
    t2 = v - (t1 - u);
  } else {
    n = 0;
    if (ix < 0x00100000) {
      // subnormal x
      ax *= TWO53;
      n -= 53;
      ix = floatHighWord(ax) | 0;
    }
    n += (ix >> 20) - 0x3ff;
    const j = ix & 0x000fffff;
    // |x| in [1, sqrt(3/2)): k = 0; [sqrt(3/2), sqrt(3)): k = 1 (around 1.5); beyond: halved.
    ix = j | 0x3ff00000;
    let k = 0;
    if (j <= 0x3988e) {
      k = 0;
    } else if (j < 0xbb67a) {
      k = 1;
    } else {
      k = 0;
      n += 1;
      ix -= 0x00100000;
    }
    ax = withHigh(ax, ix);

    // ss = s_h + s_l = (x - 1) / (x + 1) or (x - 1.5) / (x + 1.5)
    const bp = BP[k]!;
    let u = ax - bp;
    let v = 1 / (ax + bp);
    const ss = u * v;
    const sH = clearLow(ss);
    // t_h = ax + bp, high part
    let tH = floatFromWords(((ix >> 1) | 0x20000000) + 0x00080000 + (k << 18), 0);
    let tL = ax - (tH - bp);
    const sL = v * (u - sH * tH - sH * tL);
    // log(ax)
    let s2 = ss * ss;
    let r = s2 * s2 * (L1 + s2 * (L2 + s2 * (L3 + s2 * (L4 + s2 * (L5 + s2 * L6)))));
    r += sL * (sH + ss);
    s2 = sH * sH;
    tH = clearLow(3.0 + s2 + r);
    tL = r - (tH - 3.0 - s2);
    // u + v = ss * (1 + ...)
    u = sH * tH;
    v = sL * tH + tL * ss;
    // 2/(3 log2) * (ss + ...)
    const pH = clearLow(u + v);
    const pL = v - (pH - u);
    const zH = CP_H * pH;
    const zL = CP_L * pH + pL * CP + DP_L[k]!;
    // log2(ax) = (ss + ...) * 2/(3 log2) = n + dp_h + z_h + z_l
    const t = n / 1;
    t1 = clearLow(zH + zL + DP_H[k]! + t);
    t2 = zL - (t1 - t - DP_H[k]! - zH);
  }

  // (y1 + y2) * (t1 + t2), y1 = y with its low word cleared
  const y1 = clearLow(y);
  let pL = (y - y1) * t1 + y * t2;
  let pH = y1 * t1;
  let z = pL + pH;
  let j = floatHighWord(z) | 0;
  let i = floatLowWord(z) | 0;
  if (j >= 0x40900000) {
    // z >= 1024
    if (((j - 0x40900000) | i) !== 0) return s * HUGE * HUGE;
    if (pL + OVT > z - pH) return s * HUGE * HUGE;
  } else if ((j & 0x7fffffff) >= 0x4090cc00) {
    // z <= -1075
    if (((j - (0xc090cc00 | 0)) | i) !== 0) return s * TINY * TINY;
    if (pL <= z - pH) return s * TINY * TINY;
  }

  // 2 ** (pH + pL)
  i = j & 0x7fffffff;
  let k = (i >> 20) - 0x3ff;
  n = 0;
  if (i > 0x3fe00000) {
    // |z| > 0.5: n = [z + 0.5]
    n = j + (0x00100000 >> (k + 1));
    k = ((n & 0x7fffffff) >> 20) - 0x3ff; // the new k for n
    const t = floatFromWords((n & ~(0x000fffff >> k)) >>> 0, 0);
    n = ((n & 0x000fffff) | 0x00100000) >> (20 - k);
    if (j < 0) n = -n;
    pH -= t;
  }
  const t = clearLow(pL + pH);
  const u = t * LG2_H;
  const v = (pL - (t - pH)) * LG2_FULL + t * LG2_L;
  z = u + v;
  const w = v - (z - u);
  const tt = z * z;
  const tt1 = z - tt * (P1 + tt * (P2 + tt * (P3 + tt * (P4 + tt * P5))));
  const r = (z * tt1) / (tt1 - 2 - (w + z * w));
  z = 1 - (r - z);
  j = floatHighWord(z) | 0;
  j += n << 20;
  if (j >> 20 <= 0) z = scalbn(z, n); // subnormal result
  else z = withHigh(z, (floatHighWord(z) | 0) + (n << 20));
  return s * z;
}
