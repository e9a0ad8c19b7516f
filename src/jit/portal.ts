/**
 * The portal split (RPython's warmspot.py split_graph_and_record_jitdriver with
 * support.split_before_jit_merge_point): with the JIT, the graph holding a driver's
 * jit_merge_point is cut in two just before it. The part from the merge point on becomes a graph
 * of its own, the **portal**, whose parameters are the merge point's greens and reds in the
 * driver's order; the original graph keeps what runs before the merge point and then calls the
 * portal and returns what it returns (its exceptions pass through).
 *
 * Why: the JIT enters and leaves the program at merge points. When a compiled loop exits and
 * the blackhole interpreter has run to the next merge point, the interpreter continues there with
 * the greens and reds the blackhole computed (RPython's ContinueRunningNormally calls the portal
 * with them; here the portal goes back to its merge point with them: merge-point.ts). That a
 * portal's parameters are all it needs is what the annotator's rule guarantees: every variable
 * live across jitMergePoint is a green or a red (src/annotator/rules-calls.ts jitHint). The codewriter then takes the portal as the graph
 * with the jit_merge_point, which is its first operation. The split is the first LL pass (the
 * codewriter takes the rtyper's graphs, before the optimisations).
 *
 * The blocks from the merge point on are copied into the portal (variables are block-local, so
 * each copy gets its own); those the original still reaches from before the merge point stay in
 * it too. Runs on LL graphs before the exception transform (a call's exception passes to the
 * caller by itself there).
 */

import {
  LLBlock,
  LLConstant,
  LLGraph,
  LLLink,
  LLOperation,
  LLVariable,
  functionConstant,
  reachableGraphs,
  type LLValue,
} from "../llir/llgraph.js";

/** Where the merge point is. */
interface MergePointSite {
  readonly graph: LLGraph;
  readonly block: LLBlock;
  readonly index: number;
}

/** A portal that cannot be split: a bug of the stages before (the annotator checks what the user writes). */
export class PortalSplitError extends Error {}

/** The merge points of the graphs reachable from roots. */
function mergePoints(roots: readonly LLGraph[]): MergePointSite[] {
  const sites: MergePointSite[] = [];
  for (const graph of reachableGraphs(roots)) {
    for (const block of graph.iterBlocks()) {
      block.operations.forEach((op, index) => {
        if (op.opname === "jit_merge_point") sites.push({ graph, block, index });
      });
    }
  }
  return sites;
}

/**
 * Splits the graph of each jit_merge_point reachable from roots (one per driver: a second merge
 * point of the same driver is an error, as in RPython); returns the portals, in the order found.
 */
export function splitPortals(roots: readonly LLGraph[]): LLGraph[] {
  const sites = mergePoints(roots);
  const drivers = new Set<string>();
  for (const site of sites) {
    const driver = String((site.block.operations[site.index]!.args[0] as LLConstant).value);
    if (drivers.has(driver)) throw new PortalSplitError(`the JitDriver ${driver} has more than one jitMergePoint (in ${site.graph.name}); a driver has one, at the top of its dispatch loop`);
    drivers.add(driver);
  }
  return sites.map(splitAt);
}

/** The values an operation, an exit switch and the links of a block read. */
function usesOf(block: LLBlock, from: number): Set<LLVariable> {
  const used = new Set<LLVariable>();
  const use = (v: LLValue | symbol | null) => {
    if (v instanceof LLVariable) used.add(v);
  };
  const defined = new Set<LLVariable>();
  for (const op of block.operations.slice(from)) {
    for (const a of op.args) if (a instanceof LLVariable && !defined.has(a)) use(a);
    defined.add(op.result);
  }
  if (block.exitswitch instanceof LLVariable && !defined.has(block.exitswitch)) use(block.exitswitch);
  for (const link of block.exits) for (const a of link.args) if (a instanceof LLVariable && !defined.has(a) && a !== link.caught) use(a);
  return used;
}

function splitAt(site: MergePointSite): LLGraph {
  const { graph, block, index } = site;
  const merge = block.operations[index]!;
  // The merge point's operands after the driver and the green count: greens then reds.
  const live = merge.args.slice(2);
  const passed = new Set(live.filter((a): a is LLVariable => a instanceof LLVariable));
  for (const v of usesOf(block, index)) {
    if (!passed.has(v)) {
      throw new PortalSplitError(`${graph.name}: the value ${v.hint} is live across the jit_merge_point of ${String((merge.args[0] as LLConstant).value)} but is neither a green nor a red`);
    }
  }

  // The portal: a start block taking the greens and reds, and copies of everything from the merge point on.
  const params = live.map((a, i) => new LLVariable(a.type, a instanceof LLVariable ? a.hint : `arg${i}`));
  const start = new LLBlock(params);
  const portal = new LLGraph(`${graph.name}__portal`, start, graph.resultType, graph.exceptblock.inputargs[0]!.type, merge.pos ?? graph.pos);
  portal.symbol = `${graph.symbol ?? graph.name}__portal`;
  portal.frameName = graph.frameName;
  portal.portal = true;
  portal.entryPos = merge.pos ?? graph.entryPos;

  const copier = new BlockCopier(graph, portal);
  // The merge point's block from the merge point on, as a block of its own whose inputs are the operands.
  const headInputs = [...passed];
  const head = new LLBlock(headInputs);
  head.operations = block.operations.slice(index);
  head.closeBlock(block.exits, block.exitswitch);
  const headCopy = copier.copy(head);
  start.closeBlock([new LLLink(headInputs.map((v) => params[live.indexOf(v)]!), headCopy)]);

  // The original: what runs before the merge point, then the call of the portal.
  const result = new LLVariable(graph.resultType, "result");
  // the call shows no frame in stack traces: the portal's frame, at its own position, is the function's
  const callPos = merge.pos ? { ...merge.pos, hidden: true } : undefined;
  block.operations = [...block.operations.slice(0, index), new LLOperation("direct_call", [functionConstant(portal), ...live], result, callPos)];
  block.closeBlock([new LLLink([result], graph.returnblock)]);
  return portal;
}

/** Copies blocks of one graph into another, each once, renaming their variables. */
class BlockCopier {
  private readonly copies = new Map<LLBlock, LLBlock>();
  private readonly from: LLGraph;
  private readonly to: LLGraph;

  constructor(from: LLGraph, to: LLGraph) {
    this.from = from;
    this.to = to;
  }

  copy(original: LLBlock): LLBlock {
    const done = this.copies.get(original);
    if (done) return done;
    if (original === this.from.returnblock) return this.to.returnblock;
    if (original === this.from.exceptblock) return this.to.exceptblock;
    const renaming = new Map<LLVariable, LLVariable>();
    const fresh = (v: LLVariable) => {
      const copy = new LLVariable(v.type, v.hint);
      renaming.set(v, copy);
      return copy;
    };
    const renamed = (v: LLValue): LLValue => (v instanceof LLVariable ? renaming.get(v) ?? missing(v) : v);
    const block = new LLBlock(original.inputargs.map(fresh));
    this.copies.set(original, block);
    block.operations = original.operations.map((op) => {
      const args = op.args.map(renamed);
      return new LLOperation(op.opname, args, fresh(op.result), op.pos);
    });
    const exitswitch = original.exitswitch instanceof LLVariable ? (renamed(original.exitswitch) as LLVariable) : original.exitswitch;
    const exits = original.exits.map((link) => {
      const caught = link.caught ? fresh(link.caught) : null;
      const copied = new LLLink(link.args.map(renamed), this.copy(link.target), link.exitcase);
      copied.caught = caught;
      return copied;
    });
    block.closeBlock(exits, exitswitch);
    return block;
  }
}

function missing(v: LLVariable): never {
  throw new PortalSplitError(`internal error: ${v.hint} is used in a block that does not define it`);
}
