/**
 * The JIT's runtime in a binary holds every value of kind `i` or `r` as an integer word: an
 * integer as itself, a bool 0 or 1, a char its code unit, an address or a GC pointer the address
 * as an integer. These make the LL operations that convert a value of an LL type to its word and
 * back, for the graphs the translator writes around the runtime: the residual calls' dispatcher
 * (jit-dispatch.ts) and the portal's calls of the JIT (jit-entry-lowering.ts).
 */

import { LLConstant, LLOperation, LLVariable, type LLValue } from "../llir/llgraph.js";
import { Address, Bool, Char, PtrType, Signed, Void, typeName, type LLType } from "../llir/lltype.js";

/** Appends an operation; its result is `into` when given, else a new variable of type. */
export type OpMaker = (opname: LLOperation["opname"], args: LLValue[], type: LLType, hint: string, into?: LLVariable) => LLVariable;

/** Whether values of the type travel as a word (the others: Float as a float, Void as nothing). */
export function hasWord(type: LLType): boolean {
  return type === Signed || type === Bool || type === Char || type === Address || (type instanceof PtrType && type.gc);
}

/** The word of value (a type hasWord accepts): value itself for an integer, else the casts' result. */
export function wordOf(value: LLValue, op: OpMaker): LLValue {
  const t = value.type;
  if (t === Signed) return value;
  if (t === Bool) return op("cast_bool_to_int", [value], Signed, "word");
  if (t === Char) return op("cast_char_to_int", [value], Signed, "word");
  if (t === Address) return op("cast_adr_to_int", [value], Signed, "word");
  if (t instanceof PtrType && t.gc) return op("cast_adr_to_int", [op("cast_ptr_to_adr", [value], Address, "adr")], Signed, "word");
  throw new Error(`internal error: a ${typeName(t)} has no word (wordOf)`);
}

/**
 * The value of type (hasWord) that word holds. With into, the last operation defines into (an
 * integer is copied into it); without, an integer is the word itself.
 */
export function valueOfWord(word: LLValue, type: LLType, op: OpMaker, hint: string, into?: LLVariable): LLValue {
  if (type === Signed) return into ? op("same_as", [word], type, hint, into) : word;
  if (type === Bool) return op("int_ne", [word, new LLConstant(0, Signed)], type, hint, into);
  if (type === Char) return op("cast_int_to_char", [word], type, hint, into);
  if (type === Address) return op("cast_int_to_adr", [word], type, hint, into);
  if (type instanceof PtrType && type.gc) return op("cast_adr_to_ptr", [new LLConstant(type.to, Void), op("cast_int_to_adr", [word], Address, "adr")], type, hint, into);
  throw new Error(`internal error: a ${typeName(type)} has no word (valueOfWord)`);
}

/** An OpMaker appending to ops, each operation at pos. */
export function opMaker(ops: LLOperation[], pos: LLOperation["pos"]): OpMaker {
  return (opname, args, type, hint, into) => {
    const result = into ?? new LLVariable(type, hint);
    ops.push(new LLOperation(opname, args, result, pos));
    return result;
  };
}
