// A64's immediates that need more than a range check:
//   - logical (bitmask) immediates: the encoder (bitmask.ts) against a brute-force enumeration
//     of every N:immr:imms the manual's DecodeBitMasks accepts (5,334 64-bit patterns, 1,302
//     32-bit ones), and refusing everything else among 2^16 replicated halfwords, 2^16 low
//     halves, random patterns and the encodable ones with a bit flipped;
//   - 64-bit constants (Assembler.movConstant): the words written compute the constant (decoded
//     here, independently) and are as few as a brute-force search over MOVZ/MOVN + MOVKs, ORR,
//     and ORR + MOVK finds.

import { describe, expect, it } from "vitest";
import { Assembler } from "../../../src/runtime/aarch64/assembler.ts";
import { encodeBitmask, isLogicalImmediate, logicalImmediate } from "../../../src/runtime/aarch64/bitmask.ts";
import { AsmError } from "../../../src/runtime/aarch64/operands.ts";
import { X0, X7, XZR, SP } from "../../../src/runtime/aarch64/registers.ts";
import { Random } from "../../helpers/random.ts";

const MASK64 = (1n << 64n) - 1n;

/** The manual's DecodeBitMasks (immediate = TRUE): the pattern of M bits, or undefined when reserved. */
function decodeBitMasks(n: number, immr: number, imms: number, m: number): bigint | undefined {
  const combined = (n << 6) | (~imms & 0x3f);
  if (combined === 0) return undefined;
  const len = 31 - Math.clz32(combined);
  if (len < 1) return undefined;
  const levels = (1 << len) - 1;
  if ((imms & levels) === levels) return undefined;
  const s = imms & levels;
  const r = immr & levels;
  const esize = 1 << len;
  if (esize > m) return undefined;
  const emask = (1n << BigInt(esize)) - 1n;
  const welem = (1n << BigInt(s + 1)) - 1n;
  const rotated = ((welem >> BigInt(r)) | (welem << BigInt(esize - r))) & emask;
  let pattern = 0n;
  for (let i = 0; i < m; i += esize) pattern |= rotated << BigInt(i);
  return pattern;
}

/** Every encodable pattern of m bits -> its canonical encoding (immr below the element size). */
function enumerate(m: number): Map<bigint, number> {
  const all = new Map<bigint, number>();
  for (let n = 0; n <= (m === 64 ? 1 : 0); n++) {
    for (let imms = 0; imms < 64; imms++) {
      for (let immr = 0; immr < 64; immr++) {
        const pattern = decodeBitMasks(n, immr, imms, m);
        if (pattern === undefined) continue;
        const esize = 1 << (31 - Math.clz32((n << 6) | (~imms & 0x3f)));
        if (immr < esize) all.set(pattern, (n << 12) | (immr << 6) | imms);
      }
    }
  }
  return all;
}

const halves = (p: bigint): [number, number] => [Number(p >> 32n), Number(p & 0xffffffffn)];
const encode64 = (p: bigint) => encodeBitmask(...halves(p), 64);

const SET64 = enumerate(64);
const SET32 = enumerate(32);

describe("logical immediates", () => {
  it("encodes every pattern the manual's DecodeBitMasks gives, as its canonical N:immr:imms", () => {
    expect(SET64.size).toBe(5334);
    expect(SET32.size).toBe(1302);
    const wrong: string[] = [];
    for (const [pattern, encoding] of SET64) if (encode64(pattern) !== encoding) wrong.push(pattern.toString(16));
    for (const [pattern, encoding] of SET32) if (encodeBitmask(Number(pattern), Number(pattern), 32) !== encoding) wrong.push(`32-bit ${pattern.toString(16)}`);
    expect(wrong).toEqual([]);
  });

  it("refuses every other pattern: all replicated halfwords, all low halves, random ones, and each encodable one with a bit flipped", () => {
    const wrong: string[] = [];
    const check = (p: bigint) => {
      if (encode64(p) >= 0 !== SET64.has(p)) wrong.push(p.toString(16));
    };
    for (let h = 0; h < 0x10000; h++) {
      const b = BigInt(h);
      check(b | (b << 16n) | (b << 32n) | (b << 48n));
      check(b << 8n);
      if (encodeBitmask(h * 0x10001, h * 0x10001, 32) >= 0 !== SET32.has(BigInt(h * 0x10001))) wrong.push(`32-bit ${h}`);
    }
    const random = new Random(19);
    for (let i = 0; i < 20000; i++) check((BigInt(random.word()) << 32n) | BigInt(random.word()));
    for (const pattern of SET64.keys()) for (const bit of [0, 17, 40, 63]) check(pattern ^ (1n << BigInt(bit)));
    expect(wrong).toEqual([]);
  });

  it("takes integers for the assembler's operands: negative ones as two's complement, nothing else", () => {
    expect(logicalImmediate(-2, 64)).toBe(SET64.get(MASK64 - 1n));
    expect(logicalImmediate(2 ** 63, 64)).toBe(SET64.get(1n << 63n));
    expect(logicalImmediate(-(2 ** 63), 64)).toBe(SET64.get(1n << 63n));
    expect(logicalImmediate(0xff, 32)).toBe(SET32.get(0xffn));
    expect(logicalImmediate(-2, 32)).toBe(SET32.get(0xfffffffen));
    for (const bad of [0, -1, 2 ** 64, 1.5, 5, 0x1234, NaN]) expect(isLogicalImmediate(bad, 64), String(bad)).toBe(false);
    for (const bad of [0, -1, 0xffffffff, 2 ** 32, -(2 ** 31) - 1, 0x100000000 + 1]) expect(isLogicalImmediate(bad, 32), String(bad)).toBe(false);
  });
});

/** Runs the words MOVZ, MOVN, MOVK and ORR (immediate, from XZR) write into rd, decoded here. */
function run(code: Uint8Array, rd: number): { value: bigint; count: number } {
  const view = new DataView(code.buffer, code.byteOffset, code.byteLength);
  let value = 0n;
  for (let at = 0; at < code.length; at += 4) {
    const w = view.getUint32(at, true);
    const top = (w & 0xff800000) >>> 0;
    if ((w & 31) !== rd) expect.fail(`${w.toString(16)} does not write x${rd}`);
    const hw = BigInt(16 * ((w >>> 21) & 3));
    const imm = BigInt((w >>> 5) & 0xffff);
    if (top === 0xd2800000) value = imm << hw;
    else if (top === 0x92800000) value = ~(imm << hw) & MASK64;
    else if (top === 0xf2800000) value = (value & ~(0xffffn << hw)) | (imm << hw);
    else if ((w & 0xff8003e0) >>> 0 === 0xb20003e0) value = decodeBitMasks((w >>> 22) & 1, (w >>> 16) & 63, (w >>> 10) & 63, 64)!;
    else throw new Error(`unexpected word ${w.toString(16)}`);
  }
  return { value, count: code.length / 4 };
}

/** The encodable patterns with halfword k cleared, for each k: one MOVK away from the pattern. */
const MASKED = [0, 1, 2, 3].map((k) => new Set([...SET64.keys()].map((p) => p & ~(0xffffn << BigInt(16 * k)))));

/** The fewest instructions over MOVZ/MOVN + MOVKs, ORR, ORR + MOVK, by brute force. */
function fewest(v: bigint): number {
  const hs = [0, 1, 2, 3].map((k) => (v >> BigInt(16 * k)) & 0xffffn);
  const zeros = hs.filter((h) => h === 0n).length;
  const ones = hs.filter((h) => h === 0xffffn).length;
  const wide = Math.min(Math.max(1, 4 - zeros), Math.max(1, 4 - ones));
  if (wide === 1) return 1;
  if (SET64.has(v)) return 1;
  if (wide === 2) return 2;
  return [0, 1, 2, 3].some((k) => MASKED[k]!.has(v & ~(0xffffn << BigInt(16 * k)))) ? 2 : wide;
}

describe("movConstant: any 64-bit constant in the fewest instructions", () => {
  const check = (v: bigint, emit: (asm: Assembler) => void) => {
    const asm = new Assembler();
    emit(asm);
    const { value, count } = run(asm.bytes(), X7);
    if (value !== v || count !== fewest(v)) expect.fail(`${v.toString(16)}: ${count} instructions (fewest ${fewest(v)}) computing ${value.toString(16)}`);
  };

  it("integers: edges of the halfwords, of 2^32, 2^53 and 2^63", () => {
    const values = [0, 1, -1, -2, 0xffff, 0x10000, 0x12345, 2 ** 32 - 1, 2 ** 32, -(2 ** 32), 2 ** 53 - 1, -(2 ** 53), 2 ** 63, -(2 ** 63), 0xffff0000ffff0000, 0x1234567890];
    for (const v of values) check(BigInt.asUintN(64, BigInt(v)), (asm) => asm.movConstant(X7, v));
  });

  it("patterns: halfwords drawn from 0, 0xffff, a run and random values, with ORR + MOVK where it wins", () => {
    const random = new Random(7);
    const halfword = () => [0, 0xffff, 0x00ff, 0xff00, 0x0ff0, random.below(0x10000)][random.below(6)]!;
    const patterns = [0x00ffffffff001234n, 0x5555123455555555n, 0xfff0000000001234n, 0x1234ffff00000000n];
    for (let i = 0; i < 800; i++) patterns.push(BigInt(halfword()) | (BigInt(halfword()) << 16n) | (BigInt(halfword()) << 32n) | (BigInt(halfword()) << 48n));
    let viaOrrMovk = 0;
    for (const p of patterns) {
      check(p, (asm) => asm.movConstantBits(X7, ...halves(p)));
      if (fewest(p) === 2 && !SET64.has(p) && Math.min(...[0n, 0xffffn].map((h) => [0, 1, 2, 3].filter((k) => ((p >> BigInt(16 * k)) & 0xffffn) !== h).length)) > 2) viaOrrMovk++;
    }
    expect(viaOrrMovk).toBeGreaterThan(3);
  });

  it("refuses what is not a 64-bit integer, and registers it cannot write", () => {
    const asm = new Assembler();
    expect(() => asm.movConstant(X0, 2 ** 64)).toThrow(new AsmError("movConstant: 18446744073709552000 is not a 64-bit integer"));
    expect(() => asm.movConstant(X0, 0.5)).toThrow(AsmError);
    expect(() => asm.movConstant(XZR, 1)).toThrow(new AsmError("movConstant: 31 is not x0-x30"));
    expect(() => asm.movConstant(SP, 1)).toThrow(AsmError);
  });
});
