/**
 * A shared annotation cell: the item of a list, the key or value of a Map or Set (RPython's
 * ListItem, DictKey, DictValue). Cells only generalise; every place that read one is reflowed
 * when its value becomes more general.
 *
 * Merging is union-find: the merged cell forwards to the surviving root, so every ListDef or
 * DictDef that held either cell now sees one value and one set of readers, whichever of them
 * later generalises it. Path compression keeps `root()` short.
 *
 * Inputs: values and reading places `P` from the annotator, a `Reflow<P>` for each change.
 * Invariants: only a root holds the value, readers and flags; a forwarded cell never becomes a
 * root again; a root's value only grows (in the order of `contains`).
 */

import { equal, kindDiffers, someImpossible, union } from "./model.js";
import type { Reflow, SomeValue, UnionError } from "./model.js";

export class Cell<P> {
  #value: SomeValue<P>;
  #readers = new Set<P>();
  #forward: this | null = null;
  /** The roots this root is being merged with right now (see `merge`); usually empty. */
  #mergingWith = new Set<Cell<P>>();

  constructor(value?: SomeValue<P>) {
    this.#value = value ?? someImpossible();
  }

  /** The representative of this cell's merge class. */
  root(): this {
    let root = this;
    while (root.#forward !== null) root = root.#forward;
    let cell = this;
    while (cell !== root) {
      const next = cell.#forward!;
      cell.#forward = root;
      cell = next;
    }
    return root;
  }

  get value(): SomeValue<P> {
    return this.root().#value;
  }

  get readers(): ReadonlySet<P> {
    return this.root().#readers;
  }

  /** The current value, with `place` registered to be reflowed when it generalises. */
  read(place: P): SomeValue<P> {
    const root = this.root();
    root.#readers.add(place);
    return root.#value;
  }

  /** Makes the value at least `s`; reflows every reader if it changed. */
  generalize(s: SomeValue<P>, reflow: Reflow<P>): UnionError | undefined {
    for (;;) {
      const root = this.root();
      const old = root.#value;
      const next = union(old, s, reflow);
      if (next.kind === "unionError") return next;
      // A recursive type (a list of itself) can merge or grow this very cell inside `union`:
      // start again from its new state rather than overwrite it.
      if (this.root() !== root || root.#value !== old) continue;
      if (!equal(next, old)) {
        root.#value = next;
        if (kindDiffers(old, next)) reflow.kindChanged?.(root, s);
        for (const place of [...root.#readers]) reflow.reflow(place);
      }
      return undefined;
    }
  }

  /**
   * Makes this cell and `other` one. Readers of either side are reflowed when the merged value
   * differs from what they had read. On a UnionError the two cells stay apart (containers
   * inside them that did merge stay merged).
   */
  merge(other: this, reflow: Reflow<P>): UnionError | undefined {
    const a = this.root();
    const b = other.root();
    if (a === b || a.#mergingWith.has(b)) return undefined;
    // Union before linking, so that a failure leaves both cells as they were. The marks make a
    // recursive type (a list of itself) that asks to merge the same two cells again succeed
    // at once: the link below is what it asks for.
    a.#mergingWith.add(b);
    b.#mergingWith.add(a);
    let joined: SomeValue<P> | UnionError;
    try {
      joined = union(a.#value, b.#value, reflow);
    } finally {
      a.#mergingWith.delete(b);
      b.#mergingWith.delete(a);
    }
    if (joined.kind === "unionError") return joined;
    const keep = a.root();
    const gone = b.root();
    if (keep === gone) return keep.generalize(joined, reflow);
    const goneValue = gone.#value;
    const goneReaders = [...gone.#readers];
    gone.#forward = keep;
    gone.#readers = new Set();
    gone.#value = someImpossible();
    keep.absorb(gone);
    const err = keep.generalize(joined, reflow);
    const root = keep.root();
    for (const place of goneReaders) root.#readers.add(place);
    if (err !== undefined) return err;
    if (!equal(root.#value, goneValue)) for (const place of goneReaders) reflow.reflow(place);
    return undefined;
  }

  /** Takes over the extra state of a cell merged into this root (ListItem's flags). */
  protected absorb(_gone: this): void {}
}
