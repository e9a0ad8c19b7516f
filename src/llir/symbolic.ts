/**
 * Symbolic words: integers of prebuilt data that are known only when the data image is written
 * (RPython's llmemory.AddressAsInt and CDefinedIntSymbolic). The JIT's codewriter writes jitcodes
 * at translation time, and jitcodes hold as plain integers the addresses of functions (residual
 * calls' targets), the addresses of prebuilt objects and class records (constants) and GC type
 * ids; in a binary those numbers exist only once the data image is laid out and the code placed.
 *
 * A symbolic word is an object, never a number, so it cannot be mistaken for a real integer: it
 * goes where a number would in the live data the codewriter makes (a JitCode's constant pool, a
 * descriptor's type id), the annotator takes it as an integer, the rtyper keeps it as the value
 * of a Signed LLConstant, and the data image (src/backend/data-image.ts, through the shared walk
 * of src/llir/prebuilt-image.ts) writes the address (a relocation) or the type id in its place.
 * Anything that tries to compute with one at translation time (constant folding, the host's
 * arithmetic, the LL interpreter's memory) gets a clear internal error from valueOf instead of a
 * wrong number. `toString` is a distinct text per referent, so code that keys constants by their
 * text (the codewriter's constant pools) keeps two symbols apart and one symbol once.
 *
 * reachableGraphs follows a symbolic address to its referent, so a function or prebuilt object
 * named only by a jitcode is compiled and laid out like any other.
 */

import type { LLConstant, LLFunctionRef, LLPrebuilt } from "./llgraph.js";
import { typeName, type ArrayType, type StructType } from "./lltype.js";

/** The mark the annotator recognises (src/annotator/bookkeeper.ts, which spells it the same way). */
const SYMBOLIC_INTEGER: unique symbol = Symbol.for("rts.symbolic-integer") as never;

export type SymbolicReferent =
  /** The address of a function's code, or of a prebuilt object (an instance, a class record, a string), as a Signed word. */
  | { readonly what: "address"; readonly constant: LLConstant }
  /** The GC type id of a container type (what an allocation writes into the header). */
  | { readonly what: "type-id"; readonly type: StructType | ArrayType };

export class SymbolicWord {
  readonly kind = "symbolic";
  /** The annotator's mark of an integer symbolic (src/annotator/bookkeeper.ts SYMBOLIC_INTEGER; the annotator imports no LL stage). */
  readonly [SYMBOLIC_INTEGER] = true;
  readonly referent: SymbolicReferent;
  private readonly text: string;

  constructor(referent: SymbolicReferent, serial: number) {
    this.referent = referent;
    this.text = `<${describeReferent(referent)} #${serial}>`;
  }

  /** The referent of an address: the function or prebuilt object whose address this word is; undefined for a type id. */
  addressOf(): LLFunctionRef | LLPrebuilt | undefined {
    if (this.referent.what !== "address") return undefined;
    return this.referent.constant.value as LLFunctionRef | LLPrebuilt;
  }

  toString(): string {
    return this.text;
  }

  valueOf(): never {
    throw new SymbolicWordError(`internal error: the symbolic word ${this.text} was used as a number at translation time; it has a value only in the binary's data image`);
  }

  toJSON(): string {
    return this.text;
  }
}

/** A symbolic word used where only a number can be (arithmetic, a machine immediate, the LL interpreter's memory). */
export class SymbolicWordError extends Error {}

export function isSymbolicWord(value: unknown): value is SymbolicWord {
  return value instanceof SymbolicWord;
}

function describeReferent(referent: SymbolicReferent): string {
  if (referent.what === "type-id") return `type id of ${typeName(referent.type)}`;
  const value = referent.constant.value as { kind?: string; name?: string } | null;
  if (value !== null && typeof value === "object" && (value.kind === "function" || value.kind === "prebuilt")) return `address of ${value.kind} ${value.name}`;
  throw new SymbolicWordError(`internal error: a symbolic address of ${String(referent.constant.value)}, which is neither a function nor a prebuilt object`);
}

/**
 * The symbolic words of one translation, one per referent (so that the same function or type
 * gives the same word every time it is asked for).
 */
export class SymbolicWords {
  private readonly addresses = new Map<unknown, SymbolicWord>();
  private readonly typeIds = new Map<StructType | ArrayType, SymbolicWord>();
  private serial = 0;

  /** The address of the function or prebuilt object a constant holds. */
  address(constant: LLConstant): SymbolicWord {
    let word = this.addresses.get(constant.value);
    if (word === undefined) {
      word = new SymbolicWord({ what: "address", constant }, this.serial++);
      this.addresses.set(constant.value, word);
    }
    return word;
  }

  typeId(type: StructType | ArrayType): SymbolicWord {
    let word = this.typeIds.get(type);
    if (word === undefined) {
      word = new SymbolicWord({ what: "type-id", type }, this.serial++);
      this.typeIds.set(type, word);
    }
    return word;
  }

  /** Every word given so far. */
  all(): SymbolicWord[] {
    return [...this.addresses.values(), ...this.typeIds.values()];
  }
}
