/**
 * The portal's merge point as the JIT's entry (RPython's warmspot.py: the portal runner and
 * maybe_compile_and_run, here inside the portal graph): with the JIT, after the codewriter has
 * made its jitcodes from the rtyper's graphs (the merge point intact), the portal's
 * jit_merge_point becomes a call into the JIT's runtime, so that the portal runs as ordinary
 * code (ahead of time, or in the LL interpreter) and enters the JIT only there
 * (docs/architecture.md, "The JIT's entry: the merge point"):
 *
 *     B(...):  the operations before the merge point; -> MP(greens..., reds..., seen)
 *     MP(greens..., reds..., seen):                 seen: a can_enter_jit ran since the last merge point
 *         switch seen: false -> BODY(...)  true -> CALL(...)
 *     CALL(greens..., reds...):
 *         st = jit_maybe_compile_and_run(PORTAL, greens..., reds...)
 *         switch st:
 *           0 (MCR_CONTINUE)  -> BODY(the same values)          what followed the merge point
 *           4 (MCR_RESTART)   -> RELOAD()
 *           1 (MCR_DONE)      -> DONE()
 *           2 (MCR_EXCEPTION) -> RAISE()
 *           default (3, MCR_FATAL) -> FATAL()
 *     RELOAD(): a_k = jit_portal_arg(PORTAL, k) for each argument; -> MP(a..., false)
 *     DONE():   r = jit_portal_result(PORTAL); -> return r
 *     RAISE():  e = jit_portal_exception(PORTAL); -> raise e
 *     FATAL():  jit_portal_fatal(PORTAL) (stops the program); -> return a dummy
 *
 * `seen` is RPython's split between can_enter_jit (where the warm state counts) and
 * jit_merge_point (where a trace starts and closes): the portal's can_enter_jit operations are
 * removed and every block of the portal gets a Bool input saying whether one ran since the
 * last merge point (constant false at the portal's entry and after a merge point), so the
 * runtime is called, and counts, only at a merge point after a can_enter_jit, as the
 * meta-interpreter's loop_header and jit_merge_point decide. An argument's position k is its
 * place among the portal's arguments that are not Void (the jitcode's argKinds); a Void
 * argument gets its constant.
 *
 * Runs on a portal as portal.ts splits it (a jit_merge_point first in the block its start block
 * goes to, and another in each copy of the original's merge point block that a loop reaches:
 * each is rewritten so), before the LL optimisations and the exception transform (the raise is a
 * link to the except block); the inliner does not inline a graph holding these operations.
 */

import {
  LL_DEFAULT,
  LLBlock,
  LLConstant,
  LLGraph,
  LLLink,
  LLOperation,
  LLVariable,
  zeroOf,
  type LLValue,
} from "../llir/llgraph.js";
import { Bool, Signed, Void } from "../llir/lltype.js";
// the statuses of jit_maybe_compile_and_run
import { MCR_CONTINUE, MCR_DONE, MCR_EXCEPTION, MCR_RESTART } from "../runtime/jit/metainterp/warm-runner.js";


/** A portal the pass cannot rewrite: a bug of the stages before (portal.ts makes the shape). */
export class MergePointError extends Error {}

/** Rewrites the portal's jit_merge_point as the JIT's entry (see the header); index is the portal's, a constant of every operation. */
export function rewriteMergePoint(portal: LLGraph, index: number): void {
  const original = portal.iterBlocks();
  // the last first: splitting a block before a merge point leaves the ones before it where they are
  const sites = original.flatMap((block) => block.operations.flatMap((op, at) => (op.opname === "jit_merge_point" ? [{ block, at }] : []))).reverse();
  if (sites.length === 0) throw new MergePointError(`${portal.name}: a portal without a jit_merge_point`);
  const driver = String((sites[0]!.block.operations[sites[0]!.at]!.args[0] as LLConstant).value);
  const portalIndex = new LLConstant(index, Signed);
  const ends = new PortalEnds(portal, portalIndex, sites[0]!.block.operations[sites[0]!.at]!.pos);

  // each merge point (the split copies the merge point's block when a loop goes back to what precedes
  // it in the block): the block ends before it, in MP; what followed it is BODY
  const mps: LLBlock[] = [];
  const bodies: LLBlock[] = [];
  for (const { block, at } of sites) {
    const merge = block.operations[at]!;
    if (String((merge.args[0] as LLConstant).value) !== driver) throw new MergePointError(`${portal.name}: merge points of two drivers`);
    const args = merge.args.slice(2);
    const inputs = [...new Set(args.filter((a): a is LLVariable => a instanceof LLVariable))];
    const mp = new LLBlock(inputs.map(fresh));
    const body = new LLBlock(inputs.map(fresh));
    const renamed = (v: LLValue): LLValue => (v instanceof LLVariable && inputs.includes(v) ? body.inputargs[inputs.indexOf(v)]! : v);
    body.operations = block.operations.slice(at + 1).map((op) => new LLOperation(op.opname, op.args.map(renamed), op.result, op.pos));
    body.closeBlock(
      block.exits.map((link) => {
        const copy = new LLLink(link.args.map(renamed), link.target, link.exitcase);
        copy.caught = link.caught;
        return copy;
      }),
      block.exitswitch instanceof LLVariable ? (renamed(block.exitswitch) as LLVariable) : block.exitswitch,
    );
    block.operations = block.operations.slice(0, at);
    block.closeBlock([new LLLink([...inputs], mp)]);

    // CALL: the runtime with the merge point's values, in the portal's argument order
    const call = new LLBlock(inputs.map(fresh));
    const status = new LLVariable(Signed, "status");
    const callValue = (v: LLValue): LLValue => (v instanceof LLVariable ? call.inputargs[inputs.indexOf(v)]! : v);
    call.operations = [new LLOperation("jit_maybe_compile_and_run", [portalIndex, ...args.map(callValue)], status, merge.pos)];

    // RELOAD: the values the JIT left, by argument position (among those not Void), back to MP
    const reload = new LLBlock([]);
    const reloaded = new Map<LLVariable, LLValue>();
    let position = 0;
    for (const a of args) {
      if (a.type === Void) continue;
      const value = new LLVariable(a.type, a instanceof LLVariable ? a.hint : "arg");
      reload.operations.push(new LLOperation("jit_portal_arg", [portalIndex, new LLConstant(position++, Signed)], value, merge.pos));
      if (a instanceof LLVariable && !reloaded.has(a)) reloaded.set(a, value);
    }
    reload.closeBlock([new LLLink([...inputs.map((v) => reloaded.get(v) ?? new LLConstant(null, Void)), new LLConstant(false, Bool)], mp)]);

    call.closeBlock(
      [
        new LLLink([...call.inputargs], body, MCR_CONTINUE),
        new LLLink([], reload, MCR_RESTART),
        new LLLink([], ends.done, MCR_DONE),
        new LLLink([], ends.raise, MCR_EXCEPTION),
        new LLLink([], ends.fatal, LL_DEFAULT),
      ],
      status,
    );
    mps.push(mp);
    bodies.push(body);
    // MP's exits are made once its `seen` input is (below)
    mp.exits = [new LLLink([...mp.inputargs], body, false), new LLLink([...mp.inputargs], call, true)];
  }

  // seen: a Bool input of every block of the portal but the start and the graph's ends, and of each MP
  const seenOf = new Map<LLBlock, LLVariable>();
  for (const block of [...original, ...mps]) {
    if (block === portal.startblock || block === portal.returnblock || block === portal.exceptblock) continue;
    const seen = new LLVariable(Bool, "seen");
    block.inputargs.push(seen);
    seenOf.set(block, seen);
  }
  for (const block of [...original, ...bodies]) {
    const before = block.operations.length;
    block.operations = block.operations.filter((op) => !(op.opname === "can_enter_jit" && String((op.args[0] as LLConstant).value) === driver));
    const value: LLValue = block.operations.length < before ? new LLConstant(true, Bool) : (seenOf.get(block) ?? new LLConstant(false, Bool));
    for (const link of block.exits) if (seenOf.has(link.target)) link.args.push(value);
  }
  for (const mp of mps) mp.closeBlock(mp.exits, seenOf.get(mp)!);
}

/** The blocks after the runtime's DONE, EXCEPTION and FATAL, shared by the portal's merge points. */
class PortalEnds {
  readonly done: LLBlock;
  readonly raise: LLBlock;
  readonly fatal: LLBlock;

  constructor(portal: LLGraph, portalIndex: LLConstant, pos: LLOperation["pos"]) {
    this.done = new LLBlock([]);
    if (portal.resultType === Void) {
      this.done.closeBlock([new LLLink([zeroOf(Void)], portal.returnblock)]);
    } else {
      const result = new LLVariable(portal.resultType, "result");
      this.done.operations = [new LLOperation("jit_portal_result", [portalIndex], result, pos)];
      this.done.closeBlock([new LLLink([result], portal.returnblock)]);
    }
    this.raise = new LLBlock([]);
    const exception = new LLVariable(portal.exceptblock.inputargs[0]!.type, "exception");
    this.raise.operations = [new LLOperation("jit_portal_exception", [portalIndex], exception, pos)];
    this.raise.closeBlock([new LLLink([exception], portal.exceptblock)]);
    this.fatal = new LLBlock([]);
    this.fatal.operations = [new LLOperation("jit_portal_fatal", [portalIndex], new LLVariable(Void, "stopped"), pos)];
    this.fatal.closeBlock([new LLLink([zeroOf(portal.resultType)], portal.returnblock)]);
  }
}

function fresh(v: LLVariable): LLVariable {
  return new LLVariable(v.type, v.hint);
}
