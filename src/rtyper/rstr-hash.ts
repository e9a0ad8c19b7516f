/**
 * String equality and hashing at the low level (RPython's ll_streq and ll_strhash), as LL helper
 * graphs on STR: `===` of two strings, and the hash that Maps and Sets with string keys use.
 *
 * The hash is computed once per string and cached in STR's `hash` field (0: not computed yet, so
 * every computed hash has bit 30 set). strHashOf computes the same value at translation time, for
 * the keys of prebuilt Maps and Sets: the two must agree exactly, so both are written in terms of
 * operations whose results are exact integers (products stay below 2^36).
 *
 * Both helpers accept every value a `string | undefined | null` can hold: undefined is the null
 * pointer and null is NULL_OBJECT (rnullable.ts), neither of which has characters to read.
 */

import { LLConstant, type LLGraph, type LLValue } from "../llir/llgraph.js";
import { LLGraphBuilder } from "../llir/llbuilder.js";
import { Bool, Char, Ptr, STR, Signed, Void } from "../llir/lltype.js";
import { nullishPointer } from "./rnullable.js";
import type { RTyper } from "./rtyper.js";

const HASH_MASK = 0x3fffffff;
const HASH_COMPUTED = 0x40000000;
/** The hashes of undefined and null strings (not cached: they have no hash field). */
const UNDEFINED_HASH = HASH_COMPUTED | 0x1d;
const NULL_HASH = HASH_COMPUTED | 0x2e;

/** The hash of a string as strHashGraph computes it (for prebuilt Map and Set keys). */
export function strHashOf(value: string | undefined | null): number {
  if (value === undefined) return UNDEFINED_HASH;
  if (value === null) return NULL_HASH;
  let h = 0;
  for (let i = 0; i < value.length; i++) h = (h * 31 + value.charCodeAt(i)) & HASH_MASK;
  return (h ^ (h >> 15)) | HASH_COMPUTED;
}

const name = (n: string) => new LLConstant(n, Void);
const int = (n: number) => new LLConstant(n, Signed);
const STR_PTR = Ptr(STR);

/** Returns false from the helper when s is undefined (0) or null (NULL_OBJECT): no characters to read. */
function falseIfNullish(b: LLGraphBuilder, s: LLValue): void {
  b.ifThen(b.op("ptr_iszero", [s], Bool, "undef"), () => b.returnValue(new LLConstant(false, Bool)));
  b.ifThen(b.op("ptr_eq", [s, nullishPointer(null, STR_PTR)!], Bool, "isnull"), () => b.returnValue(new LLConstant(false, Bool)));
}

/**
 * `ll_str_eq(a, b) -> Bool`: the same UTF-16 code units (JavaScript's `===` on strings). Two
 * strings whose hashes are both computed and differ are different without reading them.
 */
export function strEqualGraph(rtyper: Pick<RTyper, "helperGraph">): LLGraph {
  return rtyper.helperGraph("ll_str_eq", buildStrEqualGraph);
}

function buildStrEqualGraph(): LLGraph {
  const b = new LLGraphBuilder("ll_str_eq", [STR_PTR, STR_PTR], Bool);
  const [x, y] = b.args as [LLValue, LLValue];
  b.ifThen(b.op("ptr_eq", [x, y], Bool, "same"), () => b.returnValue(new LLConstant(true, Bool)));
  falseIfNullish(b, x);
  falseIfNullish(b, y);
  const n = b.op("getinteriorarraysize", [x, name("chars")], Signed, "n");
  const m = b.op("getinteriorarraysize", [y, name("chars")], Signed, "m");
  b.ifThen(b.op("int_ne", [n, m], Bool), () => b.returnValue(new LLConstant(false, Bool)));
  const hx = b.op("getfield", [x, name("hash")], Signed, "hx");
  const hy = b.op("getfield", [y, name("hash")], Signed, "hy");
  // Computed hashes are never 0, so `hx & hy` is 0 when either is not computed yet.
  const both = b.op("int_ne", [b.op("int_and", [hx, hy], Signed), int(0)], Bool, "both");
  b.ifThen(both, () => b.ifThen(b.op("int_ne", [hx, hy], Bool), () => b.returnValue(new LLConstant(false, Bool))));
  returnSameUnits(b, x, y, n);
  return b.build();
}

/** Returns whether the first n code units of x and y are the same (false at the first difference). */
function returnSameUnits(b: LLGraphBuilder, x: LLValue, y: LLValue, n: LLValue): void {
  b.forRange(
    int(0),
    n,
    (i) => {
      const cx = b.op("getinteriorfield", [x, name("chars"), i], Char, "cx");
      const cy = b.op("getinteriorfield", [y, name("chars"), i], Char, "cy");
      b.ifThen(b.op("char_ne", [cx, cy], Bool), () => b.returnValue(new LLConstant(false, Bool)));
    },
    Signed,
  );
  b.returnValue(new LLConstant(true, Bool));
}

/**
 * `ll_str_switch_eq(s, key) -> Bool`, for a switch on a string (lower-strings.ts switchOnString):
 * whether s, neither undefined nor null and as long as key (the switch tested both), has key's
 * code units. Never inlined: a switch calls it once per case of the subject's length, and a copy
 * of the loop per case only made the code bigger (the JIT's optimizer switches on operation
 * names: 80 KB of copies in a binary).
 */
export function strSwitchEqualGraph(rtyper: Pick<RTyper, "helperGraph">): LLGraph {
  return rtyper.helperGraph("ll_str_switch_eq", () => {
    const b = new LLGraphBuilder("ll_str_switch_eq", [STR_PTR, STR_PTR], Bool);
    const [x, y] = b.args as [LLValue, LLValue];
    returnSameUnits(b, x, y, b.op("getinteriorarraysize", [x, name("chars")], Signed, "n"));
    const graph = b.build();
    graph.neverInline = true;
    return graph;
  });
}

/** `ll_str_hash(s) -> Signed`: the hash of strHashOf, computed on first use and cached in s. */
export function strHashGraph(rtyper: Pick<RTyper, "helperGraph">): LLGraph {
  return rtyper.helperGraph("ll_str_hash", buildStrHashGraph);
}

function buildStrHashGraph(): LLGraph {
  const b = new LLGraphBuilder("ll_str_hash", [STR_PTR], Signed);
  const s = b.args[0]!;
  b.ifThen(b.op("ptr_iszero", [s], Bool), () => b.returnValue(int(UNDEFINED_HASH)));
  b.ifThen(b.op("ptr_eq", [s, nullishPointer(null, STR_PTR)!], Bool), () => b.returnValue(int(NULL_HASH)));
  const cached = b.op("getfield", [s, name("hash")], Signed, "cached");
  b.ifThen(b.op("int_ne", [cached, int(0)], Bool), () => b.returnValue(cached));
  const n = b.op("getinteriorarraysize", [s, name("chars")], Signed, "n");
  const h = b.local(Signed, int(0), "h");
  b.forRange(
    int(0),
    n,
    (i) => {
      const c = b.op("cast_char_to_int", [b.op("getinteriorfield", [s, name("chars"), i], Char, "c")], Signed);
      const times31 = b.op("int_mul", [b.get(h), int(31)], Signed);
      b.set(h, b.op("int_and", [b.op("int_add", [times31, c], Signed), int(HASH_MASK)], Signed, "h"));
    },
    Signed,
  );
  const mixed = b.op("int_xor", [b.get(h), b.op("int_rshift", [b.get(h), int(15)], Signed)], Signed);
  const hash = b.op("int_or", [mixed, int(HASH_COMPUTED)], Signed, "hash");
  b.op("setfield", [s, name("hash"), hash], Void);
  b.returnValue(hash);
  return b.build();
}
