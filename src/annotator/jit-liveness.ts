/**
 * The variables live across a `driver.jitMergePoint({...})`: what the JIT could not rebuild.
 *
 * At the merge point the JIT starts or closes a trace, and when a trace leaves, the interpreter
 * resumes from the greens and reds alone. A value the code after the merge point still uses
 * must therefore be one of them; RPython rejects any other variable live across
 * jit_merge_point in the same way (its portal is split there, and only the greens and reds
 * are passed on). Flow graphs are in SSA form and pass every value a later block needs along
 * its links, so the block holding the hint tells everything: a variable defined before the
 * hint (an input argument or an earlier result) is live across it when a later operation, the
 * exitswitch or an exit link uses it.
 */

import { Variable, type Block, type SpaceOperation } from "../frontend/model.js";

/** The variables defined before op in block and used after it, in order of first use after it. */
export function liveAcross(block: Block, op: SpaceOperation): Variable[] {
  const index = block.operations.indexOf(op);
  if (index < 0) throw new Error(`internal error: ${op.opname} is not in its block`);
  const before = new Set<Variable>(block.inputargs);
  for (const earlier of block.operations.slice(0, index)) before.add(earlier.result);
  const live: Variable[] = [];
  const use = (v: unknown) => {
    if (v instanceof Variable && before.has(v) && !live.includes(v)) live.push(v);
  };
  for (const later of block.operations.slice(index + 1)) later.args.forEach(use);
  use(block.exitswitch);
  for (const link of block.exits) for (const arg of link.args) if (arg !== link.caught) use(arg);
  return live;
}
