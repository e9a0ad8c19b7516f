/**
 * The lowering of for...of (the flow operations iter, iter_done, iter_next) and of the methods
 * that make iterators over arrays (keys(), entries()); the code per kind of container is
 * riterator.ts.
 */

import type { BuiltinLowerings, Lowering } from "./lower-common.js";
import { hopGen, IteratorRepr } from "./riterator.js";
import type { HighLevelOp } from "./rtyper.js";

function iteratorRepr(hop: HighLevelOp, repr: unknown): IteratorRepr {
  if (!(repr instanceof IteratorRepr)) throw hop.error(`internal error: ${hop.op.opname} of a value that is not an iterator`);
  return repr;
}

/** An iterator over the receiver or operand 0 (held in the iterator's container representation). */
const newIterator: Lowering = (hop) => {
  const repr = iteratorRepr(hop, hop.resultR);
  return repr.create(hopGen(hop), hop.input(0, repr.container));
};

export const ITERATOR_LOWERINGS: Record<string, Lowering> = {
  // for...of over an iterator (m.keys()) iterates that iterator itself.
  iter: (hop) => (hop.argsS[0]!.kind === "iterator" ? hop.input(0, hop.resultR) : newIterator(hop)),
  iter_done: (hop) => {
    const repr = iteratorRepr(hop, hop.argsR[0]);
    return repr.done(hopGen(hop), hop.input(0, repr));
  },
  iter_next: (hop) => {
    const repr = iteratorRepr(hop, hop.argsR[0]);
    return hop.convertValue(repr.next(hopGen(hop), hop.input(0, repr)), repr.yields, hop.resultR);
  },
};

export const ITERATORS: BuiltinLowerings = {
  methods: {
    "array.keys": newIterator,
    "array.entries": newIterator,
  },
};
