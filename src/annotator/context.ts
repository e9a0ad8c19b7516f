/**
 * What an annotation rule sees of the annotator while it annotates one operation: the
 * bookkeeper, the operation and its block, and the few services rules need (union with an error
 * naming the place, calling a function's graph). Rules signal a user error with fail(), which
 * the annotator reports at the operation's position with the call chain.
 */

import type { SpaceOperation } from "../frontend/model.js";
import type { Bookkeeper, FunctionDesc, Place, Some } from "./bookkeeper.js";
import type { Reflow } from "./model.js";
import type { CellRead } from "./provenance.js";

/**
 * Thrown by fail(): the message of a user error at the current operation. `culprits` are the
 * annotations of the operands at fault (the annotator explains where they came from: see
 * provenance.ts); `onReceiver` keeps the caret on the receiver of a member operation (whose
 * errors otherwise point at the member's name).
 */
export class OpFailure extends Error {
  readonly culprits: readonly Some[];
  readonly onReceiver: boolean;
  /** Cells whose kind is at fault (a field given another type): notes say where they got it. */
  readonly cells: readonly CellRead[];
  constructor(message: string, culprits: readonly (Some | undefined)[] = [], onReceiver = false, cells: readonly CellRead[] = []) {
    super(message);
    this.culprits = culprits.filter((s): s is Some => s !== undefined);
    this.onReceiver = onReceiver;
    this.cells = cells;
  }
}

export interface OpContext {
  readonly bk: Bookkeeper;
  readonly op: SpaceOperation;
  readonly place: Place;
  readonly reflow: Reflow<Place>;
  /** The function whose graph holds the operation (undefined for graphs of no function). */
  readonly desc: FunctionDesc | undefined;
  /** A user error; culprit: the operand (or operands) whose type is at fault. */
  fail(message: string, ...culprits: (Some | undefined)[]): never;
  /** union(a, b), or a failure naming what the two values are (e.g. "the items of this array"). */
  union(a: Some, b: Some, what: string): Some;
  /** Annotates a call of a function's graph with these arguments; returns its result so far. */
  callFunction(desc: FunctionDesc, args: Some[]): Some;
}
