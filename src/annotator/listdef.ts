/**
 * ListDef: what the annotator knows about the lists made at one place (RPython's listdef.py).
 * All lists that can meet (flow into one variable, one field, one item cell) share one
 * ListItem: the item annotation, the readers of items, and the flags the rtyper needs to
 * choose a representation.
 *
 * Inputs: item annotations and reading places `P`; a `Reflow<P>` for each generalisation.
 * Outputs: `item`, `resized`, `mutated`, `sameAs`; merging two ListDefs (RPython's
 * ListItem.merge) makes them one for good: a later `generalizeItem` through either is seen by
 * the readers of both.
 * Invariants: flags only go from false to true; they do not reflow (they are read by the
 * rtyper after annotation, not by the fixpoint).
 */

import { Cell } from "./cell.js";
import type { Reflow, SomeValue, UnionError } from "./model.js";

/** The shared item cell of merged ListDefs, with the flags that merge along with it. */
export class ListItem<P> extends Cell<P> {
  /** Length changed somewhere (push, pop, splice, length store): not a fixed-size array. */
  resized = false;
  /** An item was stored somewhere after creation: not an immutable array. */
  mutated = false;

  protected override absorb(gone: this): void {
    this.resized ||= gone.resized;
    this.mutated ||= gone.mutated;
  }
}

export class ListDef<P> {
  readonly #item: ListItem<P>;

  constructor(item?: SomeValue<P>) {
    this.#item = new ListItem<P>(item);
  }

  /** The shared cell (the root of the merged ListItems); identity is list identity. */
  get cell(): ListItem<P> {
    return this.#item.root();
  }

  get item(): SomeValue<P> {
    return this.cell.value;
  }

  get resized(): boolean {
    return this.cell.resized;
  }

  get mutated(): boolean {
    return this.cell.mutated;
  }

  /** The item annotation, registering `place` to be reflowed when it generalises. */
  readItem(place: P): SomeValue<P> {
    return this.#item.read(place);
  }

  generalizeItem(s: SomeValue<P>, reflow: Reflow<P>): UnionError | undefined {
    return this.#item.generalize(s, reflow);
  }

  /** A length change; it also mutates, as RPython's ListDef.resize. */
  resize(): void {
    const cell = this.cell;
    cell.mutated = true;
    cell.resized = true;
  }

  mutate(): void {
    this.cell.mutated = true;
  }

  merge(other: ListDef<P>, reflow: Reflow<P>): UnionError | undefined {
    return this.#item.merge(other.#item, reflow);
  }

  sameAs(other: ListDef<P>): boolean {
    return this.cell === other.cell;
  }
}
