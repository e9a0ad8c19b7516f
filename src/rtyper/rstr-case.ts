/**
 * toUpperCase and toLowerCase at the low level: LL helper graphs over tables of the case
 * mappings, derived once per translation from the host's own String.prototype.toUpperCase
 * and toLowerCase applied to every code unit of the Basic Multilingual Plane (as RPython takes
 * its Unicode database from the host Python). The translated program therefore maps case as the
 * Node that runs the toolchain does, for:
 *   - every BMP character whose mapping is one code unit (ASCII on a fast path, then a binary
 *     search over runs of characters sharing one offset);
 *   - every BMP character whose full mapping is longer ("ß" -> "SS", "ŉ" -> "ʼN", "İ" -> "i̇").
 * Not supported (the character is left as it is, where Node would change it):
 *   - characters outside the BMP (surrogate pairs, such as Deseret or Adlam letters);
 *   - the context of Greek capital sigma: toLowerCase always gives "σ", where JavaScript gives
 *     the final form "ς" at the end of a word ("ΑΣ".toLowerCase() is "ας" on Node, "ασ" here).
 */

import { LLConstant, type LLGraph, type LLPrebuilt, type LLValue, functionConstant } from "../llir/llgraph.js";
import type { LLGraphBuilder } from "../llir/llbuilder.js";
import { ArrayType, Bool, Char, Ptr, STR, Signed, Void } from "../llir/lltype.js";
import { STRP, type StringRepr } from "./rstr.js";

export interface CaseTable {
  /** Runs of code units that map to c + delta: [start, end, delta, step] each, sorted by start. */
  runs: number[];
  /** The code units whose mapping is several code units, sorted, and those mappings. */
  specials: number[];
  texts: string[];
}

/** The case mapping of every BMP code unit, derived once per translation (kept by the string repr). */
function caseTable(strings: StringRepr, upper: boolean): CaseTable {
  let table = strings.caseTables.get(upper);
  if (table) return table;
  table = { runs: [], specials: [], texts: [] };
  let run: [number, number, number, number] | undefined;
  for (let c = 0x80; c <= 0xffff; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const ch = String.fromCharCode(c);
    const mapped = upper ? ch.toUpperCase() : ch.toLowerCase();
    if (mapped.length !== 1) {
      table.specials.push(c);
      table.texts.push(mapped);
      continue;
    }
    const delta = mapped.charCodeAt(0) - c;
    if (delta === 0) continue;
    // Runs are contiguous (Cyrillic, Greek) or every other code unit (Latin Extended's pairs).
    if (run && run[2] === delta && ((run[0] === run[1] && c - run[1] <= 2) || c - run[1] === run[3])) {
      if (run[0] === run[1]) run[3] = c - run[1];
      run[1] = c;
      continue;
    }
    if (run) table.runs.push(...run);
    run = [c, c, delta, 1];
  }
  if (run) table.runs.push(...run);
  strings.caseTables.set(upper, table);
  return table;
}

const SIGNED_TABLE = new ArrayType(Signed, { gc: true, name: "case_table" });
const TEXT_TABLE = new ArrayType(STRP, { gc: true, name: "case_texts" });

function prebuiltArray(type: ArrayType, name: string, items: LLConstant[]): LLConstant {
  const p: LLPrebuilt = { kind: "prebuilt", type, name, fields: new Map(), items };
  return new LLConstant(p, Ptr(type));
}

const int = (n: number) => new LLConstant(n, Signed);
const CHARS = new LLConstant("chars", Void);

/** s.toUpperCase() or s.toLowerCase(): a new string (the mapping may change the length). */
export function caseGraph(strings: StringRepr, upper: boolean): LLGraph {
  const which = upper ? "upper" : "lower";
  return strings.helper(`ll_${which}`, (b) => {
    const s = b.args[0]!;
    const n = b.op("getinteriorarraysize", [s, CHARS], Signed, "n");
    const special = (c: LLValue) => b.op("direct_call", [functionConstant(specialGraph(strings, upper)), c], Signed, "special");
    const text = (k: LLValue) => b.op("getarrayitem", [specialTexts(strings, upper), k], STRP, "text");
    const textLength = (t: LLValue) => b.op("getinteriorarraysize", [t, CHARS], Signed, "tl");
    const unit = (i: LLValue) => b.op("cast_char_to_int", [b.op("getinteriorfield", [s, CHARS, i], Char)], Signed, "c");
    // The length of the result: one unit each, except the specials.
    const total = b.local(Signed, n, "total");
    b.forRange(int(0), n, (i) => {
      const c = unit(i);
      b.ifThen(b.op("int_ge", [c, int(0x80)], Bool), () => {
        const k = special(c);
        b.ifThen(b.op("int_ge", [k, int(0)], Bool), () => {
          b.set(total, b.op("int_add", [b.get(total), b.op("int_sub", [textLength(text(k)), int(1)], Signed)], Signed));
        });
      });
    }, Signed);
    const result = b.op("malloc_varsize", [new LLConstant(STR, Void), b.get(total)], STRP, "result");
    const at = b.local(Signed, int(0), "at");
    const put = (c: LLValue) => {
      b.op("setinteriorfield", [result, CHARS, b.get(at), b.op("cast_int_to_char", [c], Char)], Void);
      b.set(at, b.op("int_add", [b.get(at), int(1)], Signed));
    };
    const [from, to] = upper ? [0x61, 0x7b] : [0x41, 0x5b];
    b.forRange(int(0), n, (i) => {
      const c = unit(i);
      b.ifThen(
        b.op("int_lt", [c, int(0x80)], Bool),
        () => {
          const isLetter = b.op("int_between", [int(from), c, int(to)], Bool);
          b.ifThen(isLetter, () => put(b.op("int_xor", [c, int(0x20)], Signed)), () => put(c));
        },
        () => {
          const k = special(c);
          b.ifThen(
            b.op("int_ge", [k, int(0)], Bool),
            () => {
              const t = text(k);
              b.forRange(int(0), textLength(t), (j) => put(b.op("cast_char_to_int", [b.op("getinteriorfield", [t, CHARS, j], Char)], Signed)), Signed);
            },
            () => put(b.op("direct_call", [functionConstant(mapGraph(strings, upper)), c], Signed)),
          );
        },
      );
    }, Signed);
    b.returnValue(result);
  }, [STRP], STRP);
}

/** The one-unit mapping of a code unit: binary search of the run that starts last at or before it. */
function mapGraph(strings: StringRepr, upper: boolean): LLGraph {
  return strings.helper(`ll_map_${upper ? "upper" : "lower"}`, (b) => {
    const table = caseTable(strings, upper);
    const runs = prebuiltArray(SIGNED_TABLE, `case runs ${upper ? "upper" : "lower"}`, table.runs.map(int));
    const c = b.args[0]!;
    const field = (k: LLValue, offset: number) => b.op("getarrayitem", [runs, b.op("int_add", [b.op("int_mul", [k, int(4)], Signed), int(offset)], Signed)], Signed);
    const k = binarySearch(b, c, table.runs.length / 4, (mid) => field(mid, 0));
    b.ifThen(b.op("int_lt", [k, int(0)], Bool), () => b.returnValue(c));
    b.ifThen(b.op("int_gt", [c, field(k, 1)], Bool), () => b.returnValue(c));
    const offset = b.op("int_sub", [c, field(k, 0)], Signed);
    b.ifThen(b.op("int_ne", [b.op("int_mod", [offset, field(k, 3)], Signed), int(0)], Bool), () => b.returnValue(c));
    b.returnValue(b.op("int_add", [c, field(k, 2)], Signed));
  }, [Signed], Signed);
}

/** The index of a code unit among the specials, or -1. */
function specialGraph(strings: StringRepr, upper: boolean): LLGraph {
  return strings.helper(`ll_special_${upper ? "upper" : "lower"}`, (b) => {
    const table = caseTable(strings, upper);
    const codes = prebuiltArray(SIGNED_TABLE, `case specials ${upper ? "upper" : "lower"}`, table.specials.map(int));
    const c = b.args[0]!;
    const k = binarySearch(b, c, table.specials.length, (mid) => b.op("getarrayitem", [codes, mid], Signed));
    b.ifThen(b.op("int_ge", [k, int(0)], Bool), () => {
      b.ifThen(b.op("int_eq", [b.op("getarrayitem", [codes, k], Signed), c], Bool), () => b.returnValue(k));
    });
    b.returnValue(int(-1));
  }, [Signed], Signed);
}

/** The prebuilt array of the specials' mappings (strings of this StringRepr). */
function specialTexts(strings: StringRepr, upper: boolean): LLConstant {
  let texts = strings.caseTexts.get(upper);
  if (!texts) {
    texts = prebuiltArray(TEXT_TABLE, `case texts ${upper ? "upper" : "lower"}`, caseTable(strings, upper).texts.map((t) => strings.convertConst(t)));
    strings.caseTexts.set(upper, texts);
  }
  return texts;
}

/** The last index k in [0, count) whose key(k) <= c (keys ascending), or -1. */
function binarySearch(b: LLGraphBuilder, c: LLValue, count: number, key: (k: LLValue) => LLValue): LLValue {
  const lo = b.local(Signed, int(0), "lo");
  const hi = b.local(Signed, int(count), "hi");
  b.whileLoop(
    () => b.op("int_lt", [b.get(lo), b.get(hi)], Bool),
    () => {
      const mid = b.op("int_rshift", [b.op("int_add", [b.get(lo), b.get(hi)], Signed), int(1)], Signed, "mid");
      b.ifThen(b.op("int_le", [key(mid), c], Bool), () => b.set(lo, b.op("int_add", [mid, int(1)], Signed)), () => b.set(hi, mid));
    },
  );
  return b.op("int_sub", [b.get(lo), int(1)], Signed, "k");
}
