/**
 * Strings at the low level (RPython's rtyper/lltypesystem/rstr.py): a pointer to STR (a hash,
 * then the UTF-16 code units inline). A string constant becomes a prebuilt STR, one per distinct
 * string, so that equal constants share one object.
 *
 * Strings are immutable: every helper that makes one allocates a STR of the exact length and
 * fills it, and may return one of its operands unchanged when the result is equal to it (the
 * concatenation with "", a slice of the whole string). The helpers below are LL graphs built with
 * LLGraphBuilder, once per rtyper (the StringRepr is one per rtyper), and compare, search and
 * copy code units as JavaScript does. Concatenation copies both operands each time; a string a
 * loop builds by appending is carried in a builder instead (rstr-builder.ts, opt/string-builders.ts),
 * so that it is built in linear time.
 */

import type { LLOpName } from "../llir/lloperation.js";
import { LLConstant, type LLGraph, type LLPrebuilt, type LLValue, cachedGraph, functionConstant } from "../llir/llgraph.js";
import { LLGraphBuilder } from "../llir/llbuilder.js";
import { ArrayType, Bool, Char, Ptr, STR, Signed, Void, type LLType, type PtrType } from "../llir/lltype.js";
import type { ListRepr } from "./rlist.js";
import { nullishPointer } from "./rnullable.js";
import { Repr, RTyperError } from "./rmodel.js";
import type { CaseTable } from "./rstr-case.js";

export const STRP = Ptr(STR);
const CHARS = new LLConstant("chars", Void);
const int = (n: number) => new LLConstant(n, Signed);
const ZERO = int(0);
const ONE = int(1);

/** V8's longest string (2^29 - 24 code units): longer results are a RangeError there, a fatal error here. */
export const MAX_STRING_LENGTH = 2 ** 29 - 24;

/** The code units JavaScript's trim() removes: WhiteSpace and LineTerminator, as inclusive ranges. */
const WHITE_SPACE: readonly [number, number][] = [
  [0x09, 0x0d],
  [0x20, 0x20],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
];

export class StringRepr extends Repr {
  readonly name = "string";
  private readonly prebuilt = new Map<string, LLPrebuilt>();
  private readonly helpers = new Map<string, LLGraph>();
  /** The case mappings of toUpperCase and toLowerCase (rstr-case.ts), by case (upper: true), and their prebuilt texts. */
  readonly caseTables = new Map<boolean, CaseTable>();
  readonly caseTexts = new Map<boolean, LLConstant>();

  get lowleveltype(): PtrType {
    return STRP;
  }

  override get builtinName(): string {
    return "string";
  }

  convertConst(value: unknown): LLConstant {
    const nullish = nullishPointer(value, this.lowleveltype);
    if (nullish) return nullish;
    if (typeof value !== "string") throw new RTyperError(`${String(value)} is not a string`);
    let p = this.prebuilt.get(value);
    if (!p) {
      const items: LLConstant[] = [];
      for (let i = 0; i < value.length; i++) items.push(new LLConstant(value.charCodeAt(i), Char));
      p = { kind: "prebuilt", type: STR, name: `str ${JSON.stringify(value.length > 20 ? value.slice(0, 20) + "..." : value)}`, fields: new Map([["hash", new LLConstant(0, Signed)]]), items };
      this.prebuilt.set(value, p);
    }
    return new LLConstant(p, this.lowleveltype);
  }

  /** A char as a string of one code unit (the conversion of RTyper.convert); op adds an operation. */
  fromChar(value: LLValue, op: (opname: LLOpName, args: LLValue[], type: LLType, hint: string) => LLValue): LLValue {
    if (value instanceof LLConstant) return this.convertConst(String.fromCharCode(value.value as number));
    return op("direct_call", [functionConstant(this.charToStringGraph()), value], STRP, "s");
  }

  /** The helper graph of that name (and key, when several share a name), built on first use. */
  helper(name: string, build: (b: LLGraphBuilder) => void, argTypes: readonly LLType[], resultType: LLType, key = ""): LLGraph {
    return cachedGraph(this.helpers, `${name} ${key}`, () => {
      const b = new LLGraphBuilder(name, argTypes, resultType);
      build(b);
      return b.build();
    });
  }

  /** The helper graph of that name (and key) if something built it already; never builds it. */
  builtHelper(name: string, key = ""): LLGraph | undefined {
    return this.helpers.get(`${name} ${key}`);
  }

  // ---- the helpers

  /** concat(a, b) */
  concatGraph(): LLGraph {
    return this.helper("ll_strconcat", (b) => {
      const [a, c] = b.args as [LLValue, LLValue];
      const la = length(b, a);
      const lc = length(b, c);
      b.ifThen(b.op("int_eq", [la, ZERO], Bool), () => b.returnValue(c));
      b.ifThen(b.op("int_eq", [lc, ZERO], Bool), () => b.returnValue(a));
      const total = b.op("int_add", [la, lc], Signed, "total");
      checkLength(b, total);
      const result = allocate(b, total);
      copyChars(b, a, ZERO, result, ZERO, la);
      copyChars(b, c, ZERO, result, la, lc);
      b.returnValue(result);
    }, [STRP, STRP], STRP);
  }

  /** cmp(a, b): negative, 0 or positive as a sorts before, equal to or after b by UTF-16 code units (JavaScript's <). */
  compareGraph(): LLGraph {
    return this.helper("ll_strcmp", (b) => {
      const [a, c] = b.args as [LLValue, LLValue];
      const la = length(b, a);
      const lc = length(b, c);
      const n = minimum(b, la, lc);
      b.forRange(ZERO, n, (i) => {
        const x = b.op("cast_char_to_int", [charAt(b, a, i)], Signed);
        const y = b.op("cast_char_to_int", [charAt(b, c, i)], Signed);
        b.ifThen(b.op("int_ne", [x, y], Bool), () => b.returnValue(b.op("int_sub", [x, y], Signed)));
      }, Signed);
      b.returnValue(b.op("int_sub", [la, lc], Signed));
    }, [STRP, STRP], Signed);
  }

  /** equal(a, b) of a string and a char: the string is that one code unit. */
  equalsCharGraph(): LLGraph {
    return this.helper("ll_str_equals_char", (b) => {
      const [s, c] = b.args as [LLValue, LLValue];
      b.ifThen(b.op("int_ne", [length(b, s), ONE], Bool), () => b.returnValue(new LLConstant(false, Bool)));
      b.returnValue(b.op("char_eq", [charAt(b, s, ZERO), c], Bool));
    }, [STRP, Char], Bool);
  }

  /** The string of one code unit. */
  charToStringGraph(): LLGraph {
    return this.helper("ll_chr2str", (b) => {
      const result = allocate(b, ONE);
      b.op("setinteriorfield", [result, CHARS, ZERO, b.args[0]!], Void);
      b.returnValue(result);
    }, [Char], STRP);
  }

  /** String(b) of a boolean. */
  boolToStringGraph(): LLGraph {
    return this.helper("ll_bool2str", (b) => {
      b.ifThen(b.args[0]!, () => b.returnValue(this.convertConst("true")));
      b.returnValue(this.convertConst("false"));
    }, [Bool], STRP);
  }

  /** substr(s, start, end) for 0 <= start <= end <= length: the code units [start, end). */
  substrGraph(): LLGraph {
    return this.helper("ll_substr", (b) => {
      const [s, start, end] = b.args as [LLValue, LLValue, LLValue];
      b.ifThen(b.op("int_eq", [start, ZERO], Bool), () => {
        b.ifThen(b.op("int_eq", [end, length(b, s)], Bool), () => b.returnValue(s));
      });
      const n = b.op("int_sub", [end, start], Signed, "n");
      const result = allocate(b, n);
      copyChars(b, s, start, result, ZERO, n);
      b.returnValue(result);
    }, [STRP, Signed, Signed], STRP);
  }

  /** s.slice(start, end): negative positions count from the end, then both are clamped to the string. */
  sliceGraph(): LLGraph {
    return this.helper("ll_slice", (b) => {
      const [s, start, end] = b.args as [LLValue, LLValue, LLValue];
      const n = length(b, s);
      const relative = (x: LLValue) => {
        const v = b.local(Signed, x, "pos");
        b.ifThen(
          b.op("int_lt", [x, ZERO], Bool),
          () => b.set(v, maximum(b, b.op("int_add", [x, n], Signed), ZERO)),
          () => b.set(v, minimum(b, x, n)),
        );
        return b.get(v);
      };
      const from = relative(start);
      const to = maximum(b, relative(end), from);
      b.returnValue(b.op("direct_call", [functionConstant(this.substrGraph()), s, from, to], STRP));
    }, [STRP, Signed, Signed], STRP);
  }

  /** s.substring(a, b): both clamped to the string, then swapped if a > b. */
  substringGraph(): LLGraph {
    return this.helper("ll_substring", (b) => {
      const [s, x, y] = b.args as [LLValue, LLValue, LLValue];
      const n = length(b, s);
      const cx = clamp(b, x, ZERO, n);
      const cy = clamp(b, y, ZERO, n);
      b.returnValue(b.op("direct_call", [functionConstant(this.substrGraph()), s, minimum(b, cx, cy), maximum(b, cx, cy)], STRP));
    }, [STRP, Signed, Signed], STRP);
  }

  /** matches(s, sub, at) for 0 <= at and at + length(sub) <= length(s): sub occurs in s at at. */
  matchesAtGraph(): LLGraph {
    return this.helper("ll_str_matches_at", (b) => {
      const [s, sub, at] = b.args as [LLValue, LLValue, LLValue];
      b.forRange(ZERO, length(b, sub), (j) => {
        const c = charAt(b, s, b.op("int_add", [at, j], Signed));
        b.ifThen(b.op("char_ne", [c, charAt(b, sub, j)], Bool), () => b.returnValue(new LLConstant(false, Bool)));
      }, Signed);
      b.returnValue(new LLConstant(true, Bool));
    }, [STRP, STRP, Signed], Bool);
  }

  /** s.indexOf(sub, from): the first match at or after from (clamped), or -1. */
  indexOfGraph(): LLGraph {
    return this.helper("ll_find", (b) => {
      const [s, sub, from] = b.args as [LLValue, LLValue, LLValue];
      const n = length(b, s);
      const last = b.op("int_sub", [n, length(b, sub)], Signed, "last");
      const i = b.local(Signed, clamp(b, from, ZERO, n), "i");
      b.whileLoop(
        () => b.op("int_le", [b.get(i), last], Bool),
        () => {
          const found = b.op("direct_call", [functionConstant(this.matchesAtGraph()), s, sub, b.get(i)], Bool);
          b.ifThen(found, () => b.returnValue(b.get(i)));
          b.set(i, b.op("int_add", [b.get(i), ONE], Signed));
        },
      );
      b.returnValue(int(-1));
    }, [STRP, STRP, Signed], Signed);
  }

  /** s.lastIndexOf(sub, from): the last match at or before from (clamped), or -1. */
  lastIndexOfGraph(): LLGraph {
    return this.helper("ll_rfind", (b) => {
      const [s, sub, from] = b.args as [LLValue, LLValue, LLValue];
      const n = length(b, s);
      const last = b.op("int_sub", [n, length(b, sub)], Signed, "last");
      const i = b.local(Signed, minimum(b, clamp(b, from, ZERO, n), last), "i");
      b.whileLoop(
        () => b.op("int_ge", [b.get(i), ZERO], Bool),
        () => {
          const found = b.op("direct_call", [functionConstant(this.matchesAtGraph()), s, sub, b.get(i)], Bool);
          b.ifThen(found, () => b.returnValue(b.get(i)));
          b.set(i, b.op("int_sub", [b.get(i), ONE], Signed));
        },
      );
      b.returnValue(int(-1));
    }, [STRP, STRP, Signed], Signed);
  }

  /** s.startsWith(sub, at) */
  startsWithGraph(): LLGraph {
    return this.helper("ll_startswith", (b) => {
      const [s, sub, at] = b.args as [LLValue, LLValue, LLValue];
      const n = length(b, s);
      const start = clamp(b, at, ZERO, n);
      const end = b.op("int_add", [start, length(b, sub)], Signed);
      b.ifThen(b.op("int_gt", [end, n], Bool), () => b.returnValue(new LLConstant(false, Bool)));
      b.returnValue(b.op("direct_call", [functionConstant(this.matchesAtGraph()), s, sub, start], Bool));
    }, [STRP, STRP, Signed], Bool);
  }

  /** s.endsWith(sub, endPosition) */
  endsWithGraph(): LLGraph {
    return this.helper("ll_endswith", (b) => {
      const [s, sub, at] = b.args as [LLValue, LLValue, LLValue];
      const end = clamp(b, at, ZERO, length(b, s));
      const start = b.op("int_sub", [end, length(b, sub)], Signed);
      b.ifThen(b.op("int_lt", [start, ZERO], Bool), () => b.returnValue(new LLConstant(false, Bool)));
      b.returnValue(b.op("direct_call", [functionConstant(this.matchesAtGraph()), s, sub, start], Bool));
    }, [STRP, STRP, Signed], Bool);
  }

  /** s.repeat(count); a negative count or a result longer than V8 allows stops the program (a RangeError in JavaScript). */
  repeatGraph(): LLGraph {
    return this.helper("ll_repeat", (b) => {
      const [s, count] = b.args as [LLValue, LLValue];
      b.ifThen(b.op("int_lt", [count, ZERO], Bool), () => {
        b.op("debug_fatal", [new LLConstant("RangeError: Invalid count value (repeat() of a negative count)", Void)], Void);
      });
      const n = length(b, s);
      b.ifThen(b.op("int_eq", [n, ZERO], Bool), () => b.returnValue(s));
      b.ifThen(b.op("int_gt", [count, b.op("int_floordiv", [int(MAX_STRING_LENGTH), n], Signed)], Bool), () => {
        b.op("debug_fatal", [new LLConstant("RangeError: Invalid string length (repeat() of a result too long)", Void)], Void);
      });
      const result = allocate(b, b.op("int_mul", [n, count], Signed));
      b.forRange(ZERO, count, (k) => copyChars(b, s, ZERO, result, b.op("int_mul", [k, n], Signed), n), Signed);
      b.returnValue(result);
    }, [STRP, Signed], STRP);
  }

  /** Whether a code unit is white space for trim() and Number(). */
  isSpaceGraph(): LLGraph {
    return this.helper("ll_is_js_space", (b) => {
      const c = b.op("cast_char_to_int", [b.args[0]!], Signed, "c");
      for (const [lo, hi] of WHITE_SPACE) {
        b.ifThen(b.op("int_between", [int(lo), c, int(hi + 1)], Bool), () => b.returnValue(new LLConstant(true, Bool)));
      }
      b.returnValue(new LLConstant(false, Bool));
    }, [Char], Bool);
  }

  /** trim(), trimStart() or trimEnd(). */
  trimGraph(start: boolean, end: boolean): LLGraph {
    const name = start && end ? "ll_trim" : start ? "ll_trim_start" : "ll_trim_end";
    return this.helper(name, (b) => {
      const s = b.args[0]!;
      const n = length(b, s);
      const isSpace = (i: LLValue) => b.op("direct_call", [functionConstant(this.isSpaceGraph()), charAt(b, s, i)], Bool);
      const from = b.local(Signed, ZERO, "from");
      if (start) {
        const scanning = b.local(Bool, new LLConstant(true, Bool), "scanning");
        b.whileLoop(
          () => b.get(scanning),
          () => {
            b.ifThen(
              b.op("int_lt", [b.get(from), n], Bool),
              () => b.ifThen(isSpace(b.get(from)), () => b.set(from, b.op("int_add", [b.get(from), ONE], Signed)), () => b.set(scanning, new LLConstant(false, Bool))),
              () => b.set(scanning, new LLConstant(false, Bool)),
            );
          },
        );
      }
      const to = b.local(Signed, n, "to");
      if (end) {
        const scanning = b.local(Bool, new LLConstant(true, Bool), "scanning");
        b.whileLoop(
          () => b.get(scanning),
          () => {
            const last = b.op("int_sub", [b.get(to), ONE], Signed);
            b.ifThen(
              b.op("int_gt", [b.get(to), b.get(from)], Bool),
              () => b.ifThen(isSpace(last), () => b.set(to, last), () => b.set(scanning, new LLConstant(false, Bool))),
              () => b.set(scanning, new LLConstant(false, Bool)),
            );
          },
        );
      }
      b.returnValue(b.op("direct_call", [functionConstant(this.substrGraph()), s, b.get(from), b.get(to)], STRP));
    }, [STRP], STRP);
  }

  /**
   * s.split(sep) into a new list of the given list type (its append helper grows it): the pieces
   * between the matches of sep, left to right; each code unit when sep is "" ("".split("") is []).
   */
  splitGraph(list: ListRepr): LLGraph {
    return this.helper("ll_split", (b) => {
      const [s, sep] = b.args as [LLValue, LLValue];
      const result = b.op("malloc", [new LLConstant(list.struct, Void)], list.lowleveltype, "list");
      const items = b.op("malloc_varsize", [new LLConstant(list.itemsArray, Void), ZERO], list.itemsType, "items");
      b.op("setfield", [result, new LLConstant("length", Void), ZERO], Void);
      b.op("setfield", [result, new LLConstant("items", Void), items], Void);
      const append = (piece: LLValue) => b.op("direct_call", [functionConstant(list.appendHelper()), result, piece], Signed);
      const n = length(b, s);
      const sl = length(b, sep);
      b.ifThen(b.op("int_eq", [sl, ZERO], Bool), () => {
        b.forRange(ZERO, n, (i) => append(b.op("direct_call", [functionConstant(this.charToStringGraph()), charAt(b, s, i)], STRP)), Signed);
        b.returnValue(result);
      });
      const start = b.local(Signed, ZERO, "start");
      const find = () => b.op("direct_call", [functionConstant(this.indexOfGraph()), s, sep, b.get(start)], Signed, "at");
      const at = b.local(Signed, find(), "at");
      b.whileLoop(
        () => b.op("int_ge", [b.get(at), ZERO], Bool),
        () => {
          append(b.op("direct_call", [functionConstant(this.substrGraph()), s, b.get(start), b.get(at)], STRP));
          b.set(start, b.op("int_add", [b.get(at), sl], Signed));
          b.set(at, find());
        },
      );
      append(b.op("direct_call", [functionConstant(this.substrGraph()), s, b.get(start), n], STRP));
      b.returnValue(result);
    }, [STRP, STRP], list.lowleveltype);
  }

  /**
   * join(items, n, sep) of the first n strings of a GC array of strings (the items of a string[],
   * or the strings made of another array's items).
   */
  joinGraph(array: ArrayType): LLGraph {
    return this.helper(`ll_join_${array.name}`, (b) => {
      const [items, count, sep] = b.args as [LLValue, LLValue, LLValue];
      b.ifThen(b.op("int_eq", [count, ZERO], Bool), () => b.returnValue(this.convertConst("")));
      const sl = length(b, sep);
      const total = b.local(Signed, b.op("int_mul", [b.op("int_sub", [count, ONE], Signed), sl], Signed), "total");
      b.forRange(ZERO, count, (i) => {
        const item = b.op("getarrayitem", [items, i], STRP, "item");
        b.set(total, b.op("int_add", [b.get(total), length(b, item)], Signed));
      }, Signed);
      checkLength(b, b.get(total));
      const result = allocate(b, b.get(total));
      const at = b.local(Signed, ZERO, "at");
      b.forRange(ZERO, count, (i) => {
        b.ifThen(b.op("int_gt", [i, ZERO], Bool), () => {
          copyChars(b, sep, ZERO, result, b.get(at), sl);
          b.set(at, b.op("int_add", [b.get(at), sl], Signed));
        });
        const item = b.op("getarrayitem", [items, i], STRP, "item");
        const il = length(b, item);
        copyChars(b, item, ZERO, result, b.get(at), il);
        b.set(at, b.op("int_add", [b.get(at), il], Signed));
      }, Signed);
      b.returnValue(result);
    }, [Ptr(array), Signed, STRP], STRP);
  }
}

/** A GC array of strings, for the strings join() makes of the items of a number[] or boolean[]. */
export const STR_ARRAY = new ArrayType(STRP, { gc: true, name: "strs" });

// ---- building blocks of the helpers


export function length(b: LLGraphBuilder, s: LLValue): LLValue {
  return b.op("getinteriorarraysize", [s, CHARS], Signed, "len");
}

function charAt(b: LLGraphBuilder, s: LLValue, i: LLValue): LLValue {
  return b.op("getinteriorfield", [s, CHARS, i], Char, "c");
}

export function allocate(b: LLGraphBuilder, n: LLValue): LLValue {
  return b.op("malloc_varsize", [new LLConstant(STR, Void), n], STRP, "str");
}

export function checkLength(b: LLGraphBuilder, n: LLValue): void {
  b.ifThen(b.op("int_gt", [n, int(MAX_STRING_LENGTH)], Bool), () => {
    b.op("debug_fatal", [new LLConstant("RangeError: Invalid string length", Void)], Void);
  });
}

/** Copies n code units of src from srcStart into dst at dstStart. */
export function copyChars(b: LLGraphBuilder, src: LLValue, srcStart: LLValue, dst: LLValue, dstStart: LLValue, n: LLValue): void {
  b.forRange(ZERO, n, (i) => {
    const c = charAt(b, src, b.op("int_add", [srcStart, i], Signed));
    b.op("setinteriorfield", [dst, CHARS, b.op("int_add", [dstStart, i], Signed), c], Void);
  }, Signed);
}

function select(b: LLGraphBuilder, cond: LLValue, ifTrue: LLValue, ifFalse: LLValue): LLValue {
  const v = b.local(Signed, ifFalse, "sel");
  b.ifThen(cond, () => b.set(v, ifTrue));
  return b.get(v);
}

export function minimum(b: LLGraphBuilder, x: LLValue, y: LLValue): LLValue {
  return select(b, b.op("int_lt", [x, y], Bool), x, y);
}

export function maximum(b: LLGraphBuilder, x: LLValue, y: LLValue): LLValue {
  return select(b, b.op("int_gt", [x, y], Bool), x, y);
}

function clamp(b: LLGraphBuilder, x: LLValue, lo: LLValue, hi: LLValue): LLValue {
  return minimum(b, maximum(b, x, lo), hi);
}
