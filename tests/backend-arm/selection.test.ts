// What the AArch64 instruction selection makes of small functions, read back through the
// listing (--dump-asm's text, src/backend/listing.ts, with this target's disassembler): a
// comparison with zero that ends a block is a cbz/cbnz, other comparisons a cmp (an immediate
// folded) fused into b.cond, comparisons of doubles a fcmp with the conditions that are false on
// a NaN; add and logical immediates folded; a dense switch a jump table; a call with more than
// eight integer arguments stores the rest at the bottom of the frame. One translation (--opt 2,
// the functions called through tables so that none is inlined), in this process through the
// compiled driver.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as Driver from "../../src/translator/driver.ts";
import type * as Listing from "../../src/backend/listing.ts";
import { repoRoot } from "../helpers/run-rts.ts";

const driver = (await import(path.join(repoRoot, "dist/translator/driver.js"))) as typeof Driver;
const listing = (await import(path.join(repoRoot, "dist/backend/listing.js"))) as typeof Listing;

const directory = mkdtempSync(path.join(os.tmpdir(), "rts-a64-selection-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const SOURCE = `function isZero(x: number): number {
  if (x === 0) return 1;
  return 2;
}

function less(x: number, y: number): number {
  if (x < y) return 3;
  return 4;
}

function belowTen(x: number, _y: number): number {
  if (x < 10) return 5;
  return 6;
}

function flt(x: number, y: number): number {
  if (x / 2 < y / 4) return 7;
  return 8;
}

/** Recursive, so called directly (and optimised: 255 folded) but never inlined. */
function masked(x: number, depth: number): number {
  if (depth > 0) return masked(x, depth - 1);
  return (x & 255) + 5;
}

function classify(n: number): number {
  switch (n) {
    case 0: return 10;
    case 1: return 21;
    case 2: return 32;
    case 3: return 43;
    case 4: return 54;
    default: return 65;
  }
}

function ten(a: number, b: number, c: number, d: number, e: number, f: number, g: number, h: number, i: number, j: number): number {
  return a + b + c + d + e + f + g + h + i + j;
}

/** Called through tables, so that the optimiser inlines none of them. */
const TEN: ((a: number, b: number, c: number, d: number, e: number, f: number, g: number, h: number, i: number, j: number) => number)[] = [ten];

function callsTen(x: number, _y: number): number {
  return TEN[0]!(x, 1, 2, 3, 4, 5, 6, 7, 8, 9);
}

const ONE: ((x: number) => number)[] = [isZero, classify];
const TWO: ((x: number, y: number) => number)[] = [less, belowTen, flt, callsTen];

export function main(argv: string[]): number {
  let total = masked(argv.length, 2);
  for (const f of ONE) total += f(argv.length);
  for (const f of TWO) total += f(argv.length, 2);
  return total;
}
`;

let listings: Map<string, string>;
beforeAll(async () => {
  const file = path.join(directory, "sel.ts");
  writeFileSync(file, SOURCE);
  const result = await driver.translate(file, { optimize: true, output: path.join(directory, "sel"), machine: "aarch64" });
  if (!result.ok) throw new Error(result.errors);
  listings = new Map();
  for (const name of ["isZero", "less", "belowTen", "flt", "masked", "classify", "callsTen"]) {
    const text = listing.formatListing(result.target, result.code, listing.findFunction(result.code, `sel.${name}`), () => undefined);
    // the instructions' text only (the listing's lines: address, bytes, text)
    listings.set(name, text.split("\n").map((l) => /^ {2}[0-9a-f]{8}: {2}(?:[0-9a-f]{2} ){4}\s+(.*?)(?: {2}#.*)?$/.exec(l)?.[1]).filter((t): t is string => t !== undefined).join("\n"));
  }
}, 300_000);

describe("AArch64 instruction selection", () => {
  it("branches on a comparison with zero by cbz or cbnz, without a cmp", () => {
    const code = listings.get("isZero")!;
    expect(code).toMatch(/^cbn?z x\d+, 0x[0-9a-f]+$/m);
    expect(code).not.toMatch(/^cmp /m);
  });

  it("fuses a comparison of two registers into b.cond", () => {
    expect(listings.get("less")!).toMatch(/^cmp x\d+, x\d+\nb\.(lt|ge) 0x[0-9a-f]+$/m);
  });

  it("folds the immediate of a comparison", () => {
    expect(listings.get("belowTen")!).toMatch(/^cmp x\d+, #0xa\nb\.(lt|ge) 0x[0-9a-f]+$/m);
  });

  it("compares doubles with fcmp and a condition false on a NaN (mi), or its negation (pl)", () => {
    expect(listings.get("flt")!).toMatch(/^fcmp d\d+, d\d+\nb\.(mi|pl) 0x[0-9a-f]+$/m);
  });

  it("folds a logical immediate and an add immediate", () => {
    const code = listings.get("masked")!;
    expect(code).toMatch(/^and x\d+, x\d+, #0xff$/m);
    expect(code).toMatch(/^add x\d+, x\d+, #0x5$/m);
  });

  it("makes a dense switch a jump table", () => {
    const code = listings.get("classify")!;
    expect(code).toMatch(/^adr x17, 0x[0-9a-f]+\nldrsw x16, \[x17, x\d+, lsl #2\]\nadd x17, x17, x16\nbr x17$/m);
  });

  it("passes the ninth and tenth integer arguments at the bottom of the frame", () => {
    const code = listings.get("callsTen")!;
    expect(code).toMatch(/^str x\d+, \[sp\]$/m);
    expect(code).toMatch(/^str x\d+, \[sp, #8\]$/m);
    expect(code).toMatch(/^bl 0x[0-9a-f]+$/m);
  });
});
