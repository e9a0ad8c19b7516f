/**
 * What an annotation rule sees of the annotator while it annotates one operation: the
 * bookkeeper, the operation and its block, and the few services rules need (union with an error
 * naming the place, calling a function's graph). Rules signal a user error with fail(), which
 * the annotator reports at the operation's position with the call chain.
 */

import type { SpaceOperation } from "../frontend/model.js";
import type { Bookkeeper, FunctionDesc, Place, Some } from "./bookkeeper.js";
import type { Reflow } from "./model.js";

/** Thrown by fail(): the message of a user error at the current operation. */
export class OpFailure extends Error {}

export interface OpContext {
  readonly bk: Bookkeeper;
  readonly op: SpaceOperation;
  readonly place: Place;
  readonly reflow: Reflow<Place>;
  fail(message: string): never;
  /** union(a, b), or a failure naming what the two values are (e.g. "the items of this array"). */
  union(a: Some, b: Some, what: string): Some;
  /** Annotates a call of a function's graph with these arguments; returns its result so far. */
  callFunction(desc: FunctionDesc, args: Some[]): Some;
}
