/**
 * DictDef: what the annotator knows about the Maps or Sets made at one place (RPython's
 * dictdef.py). A Map has a key cell and a value cell, a Set only a key cell; each is a shared
 * union-find Cell, so that merged DictDefs see one key and one value annotation and reflow the
 * readers of both.
 *
 * Inputs: key/value annotations and reading places `P`; a `Reflow<P>` for each generalisation.
 * Outputs: `key`, `value`, `sameAs`, `mergeKeys`/`mergeValues`/`merge`.
 * Invariants: a DictDef is of one `dictKind` for its life; DictDefs of different kinds are
 * never merged (union checks the kinds first), and asking a Set's DictDef for values is an
 * internal error.
 */

import { Cell } from "./cell.js";
import type { Reflow, SomeValue, UnionError } from "./model.js";

export type DictKind = "map" | "set";

export class DictDef<P> {
  readonly dictKind: DictKind;
  readonly #key: Cell<P>;
  readonly #value: Cell<P> | null;

  constructor(dictKind: DictKind, key?: SomeValue<P>, value?: SomeValue<P>) {
    if (dictKind === "set" && value !== undefined) throw new Error("internal error: a Set has no values");
    this.dictKind = dictKind;
    this.#key = new Cell<P>(key);
    this.#value = dictKind === "map" ? new Cell<P>(value) : null;
  }

  /** The shared key cell; `keyCell` and `valueCell` identities are the DictDef's identity. */
  get keyCell(): Cell<P> {
    return this.#key.root();
  }

  get valueCell(): Cell<P> {
    return this.#valueCell().root();
  }

  get key(): SomeValue<P> {
    return this.#key.value;
  }

  get value(): SomeValue<P> {
    return this.#valueCell().value;
  }

  readKey(place: P): SomeValue<P> {
    return this.#key.read(place);
  }

  readValue(place: P): SomeValue<P> {
    return this.#valueCell().read(place);
  }

  generalizeKey(s: SomeValue<P>, reflow: Reflow<P>): UnionError | undefined {
    return this.#key.generalize(s, reflow);
  }

  generalizeValue(s: SomeValue<P>, reflow: Reflow<P>): UnionError | undefined {
    return this.#valueCell().generalize(s, reflow);
  }

  mergeKeys(other: DictDef<P>, reflow: Reflow<P>): UnionError | undefined {
    this.#checkSameKind(other);
    return this.#key.merge(other.#key, reflow);
  }

  /** Merges the value cells of two Maps; nothing for Sets. */
  mergeValues(other: DictDef<P>, reflow: Reflow<P>): UnionError | undefined {
    this.#checkSameKind(other);
    if (this.#value === null || other.#value === null) return undefined;
    return this.#value.merge(other.#value, reflow);
  }

  /** Keys, then values; the first error stops it (the caller wanting to know which uses the two). */
  merge(other: DictDef<P>, reflow: Reflow<P>): UnionError | undefined {
    return this.mergeKeys(other, reflow) ?? this.mergeValues(other, reflow);
  }

  sameAs(other: DictDef<P>): boolean {
    return this.keyCell === other.keyCell && (this.#value === null || this.valueCell === other.valueCell);
  }

  #valueCell(): Cell<P> {
    if (this.#value === null) throw new Error("internal error: a Set has no values");
    return this.#value;
  }

  #checkSameKind(other: DictDef<P>): void {
    if (other.dictKind !== this.dictKind) throw new Error("internal error: merging a Map's DictDef with a Set's");
  }
}
