/**
 * String builders: what a string variable built by appending in a loop becomes at the low level
 * (the pass of opt/string-builders.ts decides which variables; this file gives the helpers it
 * calls). A STRBUILDER owns a buffer, a STR whose code units past `length` are spare capacity,
 * grown by doubling, so that n appends copy O(n) code units instead of O(n^2).
 *
 * A builder starts "verbatim": `length` is -1 and `buf` is the string it was made from, unread
 * (it may be undefined or null, which only the program's own later use may trip over, as before).
 * The first append turns it into a real builder through ll_strconcat itself, so that the first
 * append behaves exactly as the concatenation it replaces; later ones write in place. In both
 * states code unit i of the string is `buf.chars[i]`, so reads need no call.
 *
 * The pass guarantees that a builder is used linearly: whoever appends is its only holder, and
 * every other use of the string (a copy by ll_strbuilder_build) happens before the next append.
 */

import { LLConstant, type LLValue, functionConstant } from "../llir/llgraph.js";
import { Bool, Ptr, Signed, StructType, Void, type PtrType } from "../llir/lltype.js";
import { allocate, checkLength, copyChars, length, maximum, minimum, MAX_STRING_LENGTH, STRP, type StringRepr } from "./rstr.js";

export const STRBUILDER = new StructType("STRBUILDER", true, [
  { name: "length", type: Signed },
  { name: "buf", type: STRP },
]);
export const STRBUILDERP: PtrType = Ptr(STRBUILDER);

/** The smallest buffer a builder allocates, in code units. */
const MIN_CAPACITY = 16;

const name = (n: string) => new LLConstant(n, Void);
const int = (n: number) => new LLConstant(n, Signed);

/** The helper graphs, built on first use (each once per rtyper, as StringRepr's own helpers). */
export class StringBuilderHelpers {
  private readonly strings: StringRepr;

  constructor(strings: StringRepr) {
    this.strings = strings;
  }

  /** ll_strbuilder_new(s): a verbatim builder of s (s is not read). */
  newGraph() {
    return this.strings.helper("ll_strbuilder_new", (b) => {
      const sb = b.op("malloc", [new LLConstant(STRBUILDER, Void)], STRBUILDERP, "sb");
      b.op("setfield", [sb, name("length"), int(-1)], Void);
      b.op("setfield", [sb, name("buf"), b.args[0]!], Void);
      b.returnValue(sb);
    }, [STRP], STRBUILDERP);
  }

  /** ll_strbuilder_append(sb, t): sb with t appended, in place (sb itself is returned). */
  appendGraph() {
    return this.strings.helper("ll_strbuilder_append", (b) => {
      const [sb, t] = b.args as [LLValue, LLValue];
      const n = b.op("getfield", [sb, name("length")], Signed, "n");
      b.ifThen(b.op("int_lt", [n, int(0)], Bool), () => {
        // Verbatim: the first append is the concatenation it replaces, then the result is copied into a buffer.
        const s = b.op("direct_call", [functionConstant(this.strings.concatGraph()), b.op("getfield", [sb, name("buf")], STRP, "s0"), t], STRP, "s");
        const ls = length(b, s);
        const capacity = minimum(b, maximum(b, b.op("int_mul", [ls, int(2)], Signed), int(MIN_CAPACITY)), int(MAX_STRING_LENGTH));
        const buf = allocate(b, capacity);
        copyChars(b, s, int(0), buf, int(0), ls);
        b.op("setfield", [sb, name("buf"), buf], Void);
        b.op("setfield", [sb, name("length"), ls], Void);
        b.returnValue(sb);
      });
      const lt = length(b, t);
      const total = b.op("int_add", [n, lt], Signed, "total");
      checkLength(b, total);
      const buf = b.local(STRP, b.op("getfield", [sb, name("buf")], STRP, "buf0"), "buf");
      const capacity = length(b, b.get(buf));
      b.ifThen(b.op("int_gt", [total, capacity], Bool), () => {
        const grown = minimum(b, maximum(b, b.op("int_mul", [capacity, int(2)], Signed), total), int(MAX_STRING_LENGTH));
        const bigger = allocate(b, grown);
        copyChars(b, b.get(buf), int(0), bigger, int(0), n);
        b.op("setfield", [sb, name("buf"), bigger], Void);
        b.set(buf, bigger);
      });
      copyChars(b, t, int(0), b.get(buf), n, lt);
      b.op("setfield", [sb, name("length"), total], Void);
      b.returnValue(sb);
    }, [STRBUILDERP, STRP], STRBUILDERP);
  }

  /** ll_strbuilder_length(sb): the length of the string built so far. */
  lengthGraph() {
    return this.strings.helper("ll_strbuilder_length", (b) => {
      const sb = b.args[0]!;
      const n = b.op("getfield", [sb, name("length")], Signed, "n");
      b.ifThen(b.op("int_lt", [n, int(0)], Bool), () => b.returnValue(length(b, b.op("getfield", [sb, name("buf")], STRP, "s"))));
      b.returnValue(n);
    }, [STRBUILDERP], Signed);
  }

  /**
   * ll_strbuilder_build(sb): the string built so far, as a STR of its own (the buffer itself when
   * it is full: later appends then grow into a new buffer and never write into it).
   */
  buildGraph() {
    return this.strings.helper("ll_strbuilder_build", (b) => {
      const sb = b.args[0]!;
      const n = b.op("getfield", [sb, name("length")], Signed, "n");
      const buf = b.op("getfield", [sb, name("buf")], STRP, "buf");
      b.ifThen(b.op("int_lt", [n, int(0)], Bool), () => b.returnValue(buf));
      b.ifThen(b.op("int_eq", [n, length(b, buf)], Bool), () => b.returnValue(buf));
      const result = allocate(b, n);
      copyChars(b, buf, int(0), result, int(0), n);
      b.returnValue(result);
    }, [STRBUILDERP], STRP);
  }
}
