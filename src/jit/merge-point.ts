/**
 * The portal's merge point as the JIT's entry (RPython's warmspot.py: the portal runner and
 * maybe_compile_and_run, here inside the portal graph): with the JIT, after the codewriter has
 * made its jitcodes from the rtyper's graphs (the merge point intact), the portal's
 * jit_merge_point becomes a call into the JIT's runtime, so that the portal runs as ordinary
 * code (ahead of time, or in the LL interpreter) and enters the JIT only there
 * (docs/architecture.md, "The JIT's entry: the merge point"):
 *
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
 * Runs on a portal as portal.ts splits it (its jit_merge_point the first operation of the block
 * its start block goes to), before the LL optimisations and the exception transform (the raise
 * is a link to the except block); the inliner does not inline a graph holding these operations.
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

/** The statuses of jit_maybe_compile_and_run (src/runtime/jit/metainterp/warm-runner.ts MCR_*). */
export const MCR_CONTINUE = 0;
export const MCR_DONE = 1;
export const MCR_EXCEPTION = 2;
export const MCR_FATAL = 3;
export const MCR_RESTART = 4;

/** A portal the pass cannot rewrite: a bug of the stages before (portal.ts makes the shape). */
export class MergePointError extends Error {}

/** Rewrites the portal's jit_merge_point as the JIT's entry (see the header); index is the portal's, a constant of every operation. */
export function rewriteMergePoint(portal: LLGraph, index: number): void {
  const blocks = portal.iterBlocks();
  const heads = blocks.filter((b) => b.operations.some((op) => op.opname === "jit_merge_point"));
  const count = blocks.reduce((n, b) => n + b.operations.filter((op) => op.opname === "jit_merge_point").length, 0);
  if (count !== 1) throw new MergePointError(`${portal.name}: a portal has one jit_merge_point, found ${count}`);
  const body = heads[0]!;
  const merge = body.operations[0]!;
  if (merge.opname !== "jit_merge_point") throw new MergePointError(`${portal.name}: the jit_merge_point is not the first operation of its block`);
  const start = portal.startblock;
  if (start === body || start.exits.length !== 1 || start.exits[0]!.target !== body) {
    throw new MergePointError(`${portal.name}: the start block does not go to the merge point's block`);
  }
  const driver = String((merge.args[0] as LLConstant).value);
  const pos = merge.pos;
  const portalIndex = new LLConstant(index, Signed);

  // the merge point's block keeps what follows the merge point (BODY); its links come to MP
  const mp = new LLBlock(body.inputargs.map(fresh));
  body.operations = body.operations.slice(1);
  for (const block of blocks) for (const link of block.exits) if (link.target === body) link.target = mp;

  // seen: a Bool input of every block but the start, the merge point's and the graph's ends
  const seenOf = new Map<LLBlock, LLVariable>();
  for (const block of [...blocks, mp]) {
    if (block === start || block === body || block === portal.returnblock || block === portal.exceptblock) continue;
    const seen = new LLVariable(Bool, "seen");
    block.inputargs.push(seen);
    seenOf.set(block, seen);
  }
  for (const block of blocks) {
    const before = block.operations.length;
    block.operations = block.operations.filter((op) => !(op.opname === "can_enter_jit" && String((op.args[0] as LLConstant).value) === driver));
    const value: LLValue = block.operations.length < before ? new LLConstant(true, Bool) : (seenOf.get(block) ?? new LLConstant(false, Bool));
    for (const link of block.exits) if (seenOf.has(link.target)) link.args.push(value);
  }

  // MP: to BODY unless a can_enter_jit ran before, then CALL
  const call = new LLBlock(body.inputargs.map(fresh));
  const mpValues = mp.inputargs.slice(0, body.inputargs.length);
  mp.closeBlock([new LLLink(mpValues, body, false), new LLLink(mpValues, call, true)], seenOf.get(mp)!);

  // CALL: the runtime with the merge point's values, in the portal's argument order
  const callValue = (v: LLValue): LLValue => (v instanceof LLVariable ? call.inputargs[indexOf(body.inputargs, v, portal)]! : v);
  const status = new LLVariable(Signed, "status");
  call.operations = [new LLOperation("jit_maybe_compile_and_run", [portalIndex, ...merge.args.slice(2).map(callValue)], status, pos)];

  // RELOAD: the values the JIT left, by the start block's way of passing the portal's arguments to the merge point
  const reload = new LLBlock([]);
  const params = start.inputargs;
  const reloaded: LLValue[] = [];
  let position = 0;
  for (const param of params) {
    if (param.type === Void) {
      reloaded.push(new LLConstant(null, Void));
      continue;
    }
    const value = new LLVariable(param.type, param.hint);
    reload.operations.push(new LLOperation("jit_portal_arg", [portalIndex, new LLConstant(position++, Signed)], value, pos));
    reloaded.push(value);
  }
  const startArgs = start.exits[0]!.args.slice(0, body.inputargs.length);
  const mpArgs = startArgs.map((a) => (a instanceof LLVariable && params.includes(a) ? reloaded[params.indexOf(a)]! : a));
  reload.closeBlock([new LLLink([...mpArgs, new LLConstant(false, Bool)], mp)]);

  const done = new LLBlock([]);
  if (portal.resultType === Void) {
    done.closeBlock([new LLLink([zeroOf(Void)], portal.returnblock)]);
  } else {
    const result = new LLVariable(portal.resultType, "result");
    done.operations = [new LLOperation("jit_portal_result", [portalIndex], result, pos)];
    done.closeBlock([new LLLink([result], portal.returnblock)]);
  }
  const raise = new LLBlock([]);
  const exception = new LLVariable(portal.exceptblock.inputargs[0]!.type, "exception");
  raise.operations = [new LLOperation("jit_portal_exception", [portalIndex], exception, pos)];
  raise.closeBlock([new LLLink([exception], portal.exceptblock)]);
  const fatal = new LLBlock([]);
  fatal.operations = [new LLOperation("jit_portal_fatal", [portalIndex], new LLVariable(Void, "stopped"), pos)];
  fatal.closeBlock([new LLLink([zeroOf(portal.resultType)], portal.returnblock)]);

  call.closeBlock(
    [
      new LLLink([...call.inputargs], body, MCR_CONTINUE),
      new LLLink([], reload, MCR_RESTART),
      new LLLink([], done, MCR_DONE),
      new LLLink([], raise, MCR_EXCEPTION),
      new LLLink([], fatal, LL_DEFAULT),
    ],
    status,
  );
}

function fresh(v: LLVariable): LLVariable {
  return new LLVariable(v.type, v.hint);
}

function indexOf(inputs: LLVariable[], v: LLVariable, portal: LLGraph): number {
  const k = inputs.indexOf(v);
  if (k < 0) throw new MergePointError(`${portal.name}: the merge point's value ${v.hint} is not an input of its block`);
  return k;
}
