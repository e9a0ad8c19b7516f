/**
 * One LL graph to AArch64 machine code: the frame, the blocks in reverse postorder, the links'
 * parallel moves, branches (the block's last comparison fused into them, cbz/cbnz when it is a
 * test against zero), switches (dense ones as jump tables) and out-of-line paths (failed checks,
 * allocation and stack slow paths), which go after the function's blocks so that the fast paths
 * fall through; then the function's literal pool (its double constants).
 *
 * Operations are emitted by the table in ops.ts; this file gives it the operands' locations and
 * the helpers every operation uses (a value in a register, a destination register, a store back
 * to a spill slot, addresses of data by ADRP and a low-12-bit relocation).
 *
 * Frame (sp never moves inside the body, so slots and outgoing arguments are sp-relative):
 *
 *   [x29 + 16 + 8k]     incoming stack arguments (from the 9th integer or 9th float one)
 *   [x29 + 8]           the return address (x30)
 *   [x29]               the caller's x29: the frame chain stack traces follow
 *                       padding to 16 bytes
 *   [sp + save + 8i]    saved callee-saved registers (x19-x28, then d8-d15)
 *   [sp + out + 8k]     spill slots
 *   [sp + 8k]           outgoing stack arguments of the calls this function makes
 */

import type { SourcePos } from "../../frontend/model.js";
import { LLBlock, LLConstant, LLVariable, LL_DEFAULT, type LLGraph, type LLLink, type LLOperation, type LLPos, type LLValue } from "../../llir/llgraph.js";
import { Bool, Float, Signed, Void } from "../../llir/lltype.js";
import { llVariableNames } from "../../llir/print-llgraph.js";
import { Assembler, chooseEncoding } from "../../runtime/aarch64/assembler.js";
import { CC_EQ, CC_HI, invertCondition } from "../../runtime/aarch64/encoding.js";
import * as I from "../../runtime/aarch64/instructions.js";
import { EXTEND_LSL, Label, mem, memIndexed, memLabel, memPost, memPre, type Mem } from "../../runtime/aarch64/operands.js";
import { FP, LR, SP, XZR } from "../../runtime/aarch64/registers.js";
import { allocateRegisters, type Allocation } from "../../backend/regalloc.js";
import type { ProgramData } from "../../backend/data-image.js";
import { argumentPlaces, fatalArgumentMoves, type FatalArgument, type StackArgument } from "../../backend/calling.js";
import { parallelMove, type Move } from "../../backend/moves.js";
import { blockOrder, denseSwitch, fusableComparisons, linkMoves, linkNeedsMoves, planBranch } from "../../backend/block-order.js";
import type { Relocation } from "../../backend/elf.js";
import type { CallSite } from "../../backend/trace-table.js";
import type { FunctionListing } from "../../backend/listing.js";
import { AARCH64_REGISTERS, FPR_BASE, SCRATCH, SCRATCH2, SCRATCH3, SLOT_BASE, XSCRATCH2, fpr, isFpr, isGpr, isSlot, type Loc } from "./locations.js";
import { conditionOf, emitCompare } from "./ops.js";
import { OPERATIONS } from "./ops-table.js";
import { isCallOperation, stackArgumentCount } from "./ops-calls.js";
import { mallocWithRoots } from "./ops-memory.js";
import { emissionSteps } from "../../backend/allocation-roots.js";

/** What the function compiler needs from the whole program. */
export interface ProgramContext {
  readonly asm: Assembler;
  readonly data: ProgramData;
  /** Relocations from the text (ADRP pages and low 12 bits of data and rodata addresses). */
  readonly relocations: Relocation[];
  /** Relocations to code whose label may not be bound yet: their targetOffset is the label's position, set at the end. */
  readonly codeRelocations: { relocation: Relocation; label: Label }[];
  /** The label of a graph's code (compiled later if not yet). */
  labelOf(graph: LLGraph): Label;
  /** The label of a function constant (a graph, or a runtime routine). */
  functionLabel(c: LLConstant): Label;
  /** Runtime routines and graphs the generated code calls. */
  readonly runtime: RuntimeLabels;
  /** Every call emitted so far, for the stack trace table (src/backend/trace-table.ts). */
  readonly sites: CallSite[];
  /** The .data offsets of the runtime's variables: the collector's shared block (src/runtime/gc/layout.ts), its nursery words, the stack limit. */
  readonly shared: number;
  readonly heapTop: number;
  readonly heapLimit: number;
  readonly stackLimit: number;
}

export interface RuntimeLabels {
  /** Stubs to the collector (runtime.ts emitCollectorStub): allocSlow (x16 = type id, x17 = bytes -> x16), writeBarrier (x16 = object), writeBarrierArray (x16 = array, x17 = index), identityHash (x16 -> x16). */
  allocSlow: Label;
  writeBarrier: Label;
  writeBarrierArray: Label;
  identityHash: Label;
  fatal: Label;
  fatalIndex: Label;
  fatalNotInteger: Label;
  /** stack_trace's routine (runtime.ts emitCaptureTrace). */
  captureTrace: Label;
  /** call_machine_code_by_kind's routine (runtime.ts emitCallByKind). */
  callByKind: Label;
}

/** What a branch tests: NZCV flags against a condition, or whether a register is zero (cbz, cbnz). */
export type Condition = { kind: "flags"; cc: number } | { kind: "zero"; reg: number; zero: boolean };

/** The largest frame sp-relative slots reach (LDR/STR's scaled 12-bit offset). */
const MAX_FRAME_OFFSET = 4095 * 8;

export class FunctionCompiler {
  readonly asm: Assembler;
  readonly program: ProgramContext;
  readonly graph: LLGraph;
  private allocation!: Allocation;
  private readonly blockLabels = new Map<LLBlock, Label>();
  private readonly epilogue: Label;
  /** Out-of-line code, emitted after the blocks. */
  private readonly deferred: (() => void)[] = [];
  /** The block's last operation, when it is a comparison fused into the block's branch. */
  private readonly fused = new Map<LLBlock, LLOperation>();
  /** The function's double constants (by their bits), emitted after its code and loaded pc-relative. */
  private readonly literals = new Map<string, { label: Label; high: number; low: number }>();
  private savedGprs: Loc[] = [];
  private savedFprs: Loc[] = [];
  /** Bytes below x29 the prologue reserves (a multiple of 16). */
  private frameBytes = 0;
  /** Bytes of outgoing stack arguments at the bottom of the frame. */
  private outgoingBytes = 0;
  /** Where the callee-saved registers are saved, from sp. */
  private saveBase = 0;
  /** The operation being emitted (its position, for stack traces and error messages). */
  currentPos: LLPos | undefined;

  /** Where this function's blocks and jump tables are, for `rts translate --dump-asm` (src/backend/listing.ts). */
  private readonly listing: FunctionListing | undefined;

  constructor(program: ProgramContext, graph: LLGraph, listing?: FunctionListing) {
    this.program = program;
    this.listing = listing;
    this.asm = program.asm;
    this.graph = graph;
    this.epilogue = new Label();
  }

  compile(): void {
    const order = blockOrder(this.graph);
    for (const [block, compare] of fusableComparisons(order, (op) => conditionOf(op.opname) !== undefined)) this.fused.set(block, compare);
    const skip = new Set<LLVariable>([...this.fused.values()].map((op) => op.result));
    this.allocation = allocateRegisters({ graph: this.graph, order, isCall: isCallOperation, skip, registers: AARCH64_REGISTERS });
    for (const block of order) this.blockLabels.set(block, new Label());
    let outgoing = 0;
    for (const block of order) for (const op of block.operations) outgoing = Math.max(outgoing, stackArgumentCount(op));
    this.outgoingBytes = 8 * outgoing;

    this.listing?.blocks.push({ offset: this.asm.position(), pos: undefined, what: "prologue" });
    this.prologue();
    // After the last block comes the epilogue: "next" is then the return block (in no order), so a return link falls through.
    order.forEach((block, i) => this.emitBlock(block, order[i + 1] ?? this.graph.returnblock));
    this.asm.bind(this.epilogue);
    this.listing?.blocks.push({ offset: this.asm.position(), pos: undefined, what: "epilogue" });
    this.emitEpilogue();
    if (this.deferred.length > 0) this.listing?.blocks.push({ offset: this.asm.position(), pos: undefined, what: "out-of-line paths" });
    for (let i = 0; i < this.deferred.length; i++) this.deferred[i]!();
    if (this.literals.size > 0) {
      this.asm.align(8);
      this.listing?.data.push({ offset: this.asm.position(), size: 8 * this.literals.size });
      for (const { label, high, low } of this.literals.values()) {
        this.asm.bind(label);
        this.asm.data64Bits(high, low);
      }
    }
  }

  // ---- frame

  private prologue(): void {
    const asm = this.asm;
    asm.bind(this.program.labelOf(this.graph));
    asm.rrm(I.STP_rrm, FP, LR, memPre(SP, -16));
    asm.rr(I.MOV_rr, FP, SP);
    this.savedGprs = this.allocation.calleeSaved.filter(isGpr);
    this.savedFprs = this.allocation.calleeSaved.filter(isFpr);
    this.saveBase = this.outgoingBytes + 8 * this.allocation.slots;
    const saved = this.savedGprs.length + this.savedFprs.length;
    let bytes = this.saveBase + 8 * saved;
    if (bytes % 16 !== 0) bytes += 8;
    this.frameBytes = bytes;
    if (bytes > MAX_FRAME_OFFSET) {
      throw new Error(`the AArch64 backend cannot compile ${this.graph.name}: its frame of ${bytes} bytes (${this.allocation.slots} spill slots) is beyond the ${MAX_FRAME_OFFSET} bytes its sp-relative slots reach`);
    }
    if (bytes > 0) this.adjustSp(I.SUB_rri, bytes);
    this.saveRestore(true);

    // The arguments, from where the convention puts them to where the allocator wants them.
    const moves: Move<StackArgument>[] = [];
    const inputs = this.graph.startblock.inputargs;
    argumentPlaces(AARCH64_REGISTERS, inputs.map((v) => v.type)).forEach((place, i) => {
      const dst = place && this.allocation.loc.get(inputs[i]!);
      if (!place || dst === undefined) return; // Void, or never used
      moves.push({ src: "register" in place ? place.register : { stackIndex: place.stackIndex }, dst, float: place.float });
    });
    parallelMove(AARCH64_REGISTERS, moves, {
      move: (s, d, float) => this.move(s, d, float),
      load: (arg, d) => {
        const m = mem(FP, 16 + 8 * arg.stackIndex);
        if (isFpr(d)) asm.rm(I.LDR_vm, d - FPR_BASE, m);
        else if (isGpr(d)) asm.rm(I.LDR_rm, d, m);
        else {
          asm.rm(I.LDR_rm, SCRATCH2, m);
          asm.rm(I.STR_rm, SCRATCH2, this.slotMem(d));
        }
      },
    });
  }

  /** sub sp, sp, #bytes or add (bytes a multiple of 16 below 32 KiB: at most two immediates). */
  private adjustSp(form: typeof I.SUB_rri, bytes: number): void {
    const high = bytes - (bytes % 4096);
    if (high > 0) this.asm.rri(form, SP, SP, high);
    if (bytes % 4096 > 0) this.asm.rri(form, SP, SP, bytes % 4096);
  }

  /** Saves (or restores) the callee-saved registers the function writes, in pairs where they pair. */
  private saveRestore(save: boolean): void {
    const asm = this.asm;
    const regs: { r: number; float: boolean }[] = [
      ...this.savedGprs.map((r) => ({ r, float: false })),
      ...this.savedFprs.map((r) => ({ r: r - FPR_BASE, float: true })),
    ];
    for (let i = 0; i < regs.length; i++) {
      const a = regs[i]!;
      const offset = this.saveBase + 8 * i;
      const b = regs[i + 1];
      if (b && b.float === a.float && offset + 8 <= 504) {
        const form = a.float ? (save ? I.STP_vvm : I.LDP_vvm) : save ? I.STP_rrm : I.LDP_rrm;
        asm.rrm(form, a.r, b.r, mem(SP, offset));
        i++;
      } else {
        const form = a.float ? (save ? I.STR_vm : I.LDR_vm) : save ? I.STR_rm : I.LDR_rm;
        asm.rm(form, a.r, mem(SP, offset));
      }
    }
  }

  private emitEpilogue(): void {
    const asm = this.asm;
    this.saveRestore(false);
    if (this.frameBytes > 0) asm.rr(I.MOV_rr, SP, FP);
    asm.rrm(I.LDP_rrm, FP, LR, memPost(SP, 16));
    asm.none(I.RET);
  }

  slotMem(loc: Loc): Mem {
    return mem(SP, this.outgoingBytes + 8 * (loc - SLOT_BASE));
  }

  // ---- blocks and links

  private emitBlock(block: LLBlock, next: LLBlock | undefined): void {
    this.asm.bind(this.blockLabels.get(block)!);
    this.listing?.blocks.push({ offset: this.asm.position(), pos: block.operations.find((op) => op.pos)?.pos });
    const fused = this.fused.get(block);
    for (const { op, roots } of emissionSteps(block)) {
      if (op === fused) continue;
      this.currentPos = op.pos;
      if (roots) {
        // gc_save_root*, an allocation, gc_reload_root*: one sequence whose saves run on its slow path only.
        mallocWithRoots(this, op, roots);
        continue;
      }
      const emit = OPERATIONS[op.opname];
      if (typeof emit !== "function") throw new Error(`internal error: the AArch64 backend refuses ${op.opname} (in ${this.graph.name}): ${emit.refused}`);
      emit(this, op);
    }
    if (fused) this.currentPos = fused.pos;
    this.emitExits(block, next, fused);
  }

  private emitExits(block: LLBlock, next: LLBlock | undefined, fused: LLOperation | undefined): void {
    const sw = block.exitswitch;
    if (block.exits.length === 0) {
      this.asm.i(I.BRK_i, 0); // the exceptblock: the exception transform leaves no way into it
      return;
    }
    if (sw === null || block.exits.length === 1) {
      this.emitLink(block.exits[0]!, next);
      return;
    }
    if (typeof sw === "symbol") throw new Error(`internal error: ${this.graph.name} has not been through the exception transform`);
    if (sw instanceof LLConstant) {
      const link = block.exits.find((l) => l.exitcase === sw.value) ?? block.exits.find((l) => l.exitcase === LL_DEFAULT)!;
      this.emitLink(link, next);
      return;
    }
    if (sw.type === Bool) {
      const falseLink = block.exits.find((l) => l.exitcase === false)!;
      const trueLink = block.exits.find((l) => l.exitcase === true)!;
      const cond: Condition = fused ? emitCompare(this, fused) : { kind: "zero", reg: this.gpr(sw, SCRATCH), zero: false };
      this.branch(cond, trueLink, falseLink, next);
      return;
    }
    this.emitSwitch(sw, block.exits, next);
  }

  /** Branches on cond: the true link when it holds, the false one otherwise (the plan: src/backend/block-order.ts). */
  private branch(cond: Condition, trueLink: LLLink, falseLink: LLLink, next: LLBlock | undefined): void {
    const plan = planBranch(
      { needsMoves: this.needsMoves(trueLink), target: trueLink.target },
      { needsMoves: this.needsMoves(falseLink), target: falseLink.target },
      next,
    );
    if (plan.kind === "jump") {
      if (plan.jump === "true") {
        this.jumpIf(cond, this.linkTarget(trueLink));
        this.emitLink(falseLink, next);
      } else {
        this.jumpIf(negate(cond), this.linkTarget(falseLink));
        this.emitLink(trueLink, next);
      }
      return;
    }
    const otherwise = new Label();
    this.jumpIf(negate(cond), otherwise);
    this.emitLink(trueLink, undefined);
    this.asm.bind(otherwise);
    this.emitLink(falseLink, next);
  }

  jumpIf(cond: Condition, target: Label): void {
    if (cond.kind === "flags") this.asm.l(I.Bcc_l[cond.cc]!, target);
    else this.asm.rl(cond.zero ? I.CBZ_rl : I.CBNZ_rl, cond.reg, target);
  }

  /** Whether following link means moving values (a target's inputargs not where the link's values are). */
  private needsMoves(link: LLLink): boolean {
    return linkNeedsMoves(this.graph, link, this.allocation.loc);
  }

  private linkTarget(link: LLLink): Label {
    if (link.target === this.graph.returnblock || link.target === this.graph.exceptblock) throw new Error("internal error: a return link has moves");
    return this.blockLabels.get(link.target)!;
  }

  /** Follows a link: its moves, then a jump unless its target comes next. */
  private emitLink(link: LLLink, next: LLBlock | undefined): void {
    if (link.target === this.graph.returnblock) {
      const value = link.args[0];
      if (value && value.type !== Void) {
        if (value.type === Float) this.toFpr(value, 0);
        else this.toGpr(value, 0);
      }
      if (next !== this.graph.returnblock) this.asm.l(I.B_l, this.epilogue);
      return;
    }
    if (link.target === this.graph.exceptblock) {
      this.asm.i(I.BRK_i, 0);
      return;
    }
    parallelMove(AARCH64_REGISTERS, linkMoves(this.graph, link, this.allocation.loc), {
      move: (s, d, float) => this.move(s, d, float),
      load: (c, d, float) => this.loadConstant(c, d, float),
    });
    if (link.target !== next) this.asm.l(I.B_l, this.blockLabels.get(link.target)!);
  }

  private emitSwitch(sw: LLVariable, exits: LLLink[], next: LLBlock | undefined): void {
    const asm = this.asm;
    const cases = exits.filter((l) => typeof l.exitcase === "number") as (LLLink & { exitcase: number })[];
    const fallback = exits.find((l) => l.exitcase === LL_DEFAULT);
    const labelFor = (link: LLLink): Label => {
      if (!this.needsMoves(link)) return this.linkTarget(link);
      const stub = new Label();
      this.deferred.push(() => {
        asm.bind(stub);
        this.emitLink(link, undefined);
      });
      return stub;
    };
    const value = this.gpr(sw, SCRATCH);
    const dense = denseSwitch(cases.map((l) => l.exitcase));
    if (dense) {
      const { min, range } = dense;
      // A jump table of 32-bit offsets from the table's start, placed after the function.
      const defaultLabel = fallback ? labelFor(fallback) : new Label();
      if (!fallback) this.deferred.push(() => (asm.bind(defaultLabel), asm.i(I.BRK_i, 0)));
      let index = value;
      if (min !== 0) {
        this.addConstant(SCRATCH, value, -min);
        index = SCRATCH;
      }
      this.compareConstant(index, range - 1);
      asm.l(I.Bcc_l[CC_HI]!, defaultLabel); // unsigned: below min wraps around above
      const table = new Label();
      asm.rl(I.ADR_rl, SCRATCH2, table);
      asm.rm(I.LDRSW_rm, SCRATCH, memIndexed(SCRATCH2, index, EXTEND_LSL, 2));
      asm.rrr(I.ADD_rrr, SCRATCH2, SCRATCH2, SCRATCH);
      asm.r(I.BR_r, SCRATCH2);
      const targets: Label[] = [];
      for (let i = 0; i < range; i++) targets.push(defaultLabel);
      for (const link of cases) targets[link.exitcase - min] = labelFor(link);
      this.deferred.push(() => {
        asm.align(4);
        asm.bind(table);
        this.listing?.data.push({ offset: asm.position(), size: 4 * targets.length });
        for (const t of targets) asm.dataLabelOffset32(t, table);
      });
      return;
    }
    for (const link of cases) {
      this.compareConstant(value, link.exitcase);
      asm.l(I.Bcc_l[CC_EQ]!, labelFor(link));
    }
    if (fallback) this.emitLink(fallback, next);
    else asm.i(I.BRK_i, 0);
  }

  // ---- immediates

  /** cmp r, #n: an immediate when it fits (cmn for a negative one), else n in x17. */
  compareConstant(r: number, n: number): void {
    if (fitsAddSub(n)) this.asm.ri(I.CMP_ri, r, n);
    else if (fitsAddSub(-n)) this.asm.ri(I.CMN_ri, r, -n);
    else {
      if (r === SCRATCH2) throw new Error("internal error: compareConstant on x17");
      this.asm.movConstant(SCRATCH2, n);
      this.asm.rr(I.CMP_rr, r, SCRATCH2);
    }
  }

  /** d = r + n: add or sub of an immediate when it fits, else n through x17 (d may be r). */
  addConstant(d: number, r: number, n: number): void {
    if (n === 0) {
      if (d !== r) this.asm.rr(I.MOV_rr, d, r);
    } else if (fitsAddSub(n)) this.asm.rri(I.ADD_rri, d, r, n);
    else if (fitsAddSub(-n)) this.asm.rri(I.SUB_rri, d, r, -n);
    else {
      if (r === SCRATCH2) throw new Error("internal error: addConstant on x17");
      this.asm.movConstant(SCRATCH2, n);
      this.asm.rrr(I.ADD_rrr, d, r, SCRATCH2);
    }
  }

  // ---- values

  locOf(v: LLVariable): Loc | undefined {
    return this.allocation.loc.get(v);
  }

  private locOrFail(v: LLVariable): Loc {
    const loc = this.allocation.loc.get(v);
    if (loc === undefined) throw new Error(`internal error: ${this.graph.name}: ${llVariableNames(this.graph).get(v) ?? v.hint} has no location`);
    return loc;
  }

  /** A general register holding the value: its own, or scratch loaded with it. */
  gpr(v: LLValue, scratch: number): number {
    if (v instanceof LLVariable) {
      const loc = this.locOrFail(v);
      if (isGpr(loc)) return loc;
    }
    this.toGpr(v, scratch);
    return scratch;
  }

  /** As gpr, but xzr for a zero constant: for operands that read register 31 as zero (never a base, never sp's place). */
  gprOrZero(v: LLValue, scratch: number): number {
    if (v instanceof LLConstant && constantNumber(v) === 0 && v.type !== Float) return XZR;
    return this.gpr(v, scratch);
  }

  /** A d register holding the float value. */
  fprOf(v: LLValue, scratch: number): number {
    if (v instanceof LLVariable) {
      const loc = this.locOrFail(v);
      if (isFpr(loc)) return loc - FPR_BASE;
    }
    this.toFpr(v, scratch);
    return scratch;
  }

  /** Loads the value into general register r. */
  toGpr(v: LLValue, r: number): void {
    if (v instanceof LLConstant) this.loadConstant(v, r, false);
    else this.move(this.locOrFail(v), r, false);
  }

  /** Loads the float value into d register x. */
  toFpr(v: LLValue, x: number): void {
    if (v instanceof LLConstant) this.loadConstant(v, fpr(x), true);
    else this.move(this.locOrFail(v), fpr(x), true);
  }

  /** The register to compute a result into: its own register, or a scratch one (see finish). */
  dst(v: LLVariable, scratch = SCRATCH3): number {
    const loc = this.allocation.loc.get(v);
    if (loc === undefined) return scratch;
    if (isGpr(loc)) return loc;
    if (isFpr(loc)) return loc - FPR_BASE;
    return scratch;
  }

  /** The d register to compute a float result into. */
  fdst(v: LLVariable): number {
    return this.dst(v, XSCRATCH2);
  }

  /** Stores a result computed into register r to its variable's location, if that is not r. */
  finish(v: LLVariable, r: number): void {
    const loc = this.allocation.loc.get(v);
    if (loc === undefined) return;
    if (v.type === Float) this.move(fpr(r), loc, true);
    else this.move(r, loc, false);
  }

  /** Whether the value is (now) in exactly this general register. */
  inGpr(v: LLValue, r: number): boolean {
    return v instanceof LLVariable && this.allocation.loc.get(v) === r;
  }

  /** Moves between any two locations (the class follows from them: a slot's bits move as they are). */
  move(src: Loc, dst: Loc, _float: boolean): void {
    if (src === dst) return;
    const asm = this.asm;
    if (isSlot(src) && isSlot(dst)) {
      asm.rm(I.LDR_rm, SCRATCH2, this.slotMem(src));
      asm.rm(I.STR_rm, SCRATCH2, this.slotMem(dst));
    } else if (isFpr(src) && isFpr(dst)) asm.rr(I.FMOV_vv, dst - FPR_BASE, src - FPR_BASE);
    else if (isFpr(dst)) {
      if (isSlot(src)) asm.rm(I.LDR_vm, dst - FPR_BASE, this.slotMem(src));
      else asm.rr(I.FMOV_vr, dst - FPR_BASE, src);
    } else if (isFpr(src)) {
      if (isSlot(dst)) asm.rm(I.STR_vm, src - FPR_BASE, this.slotMem(dst));
      else asm.rr(I.FMOV_rv, dst, src - FPR_BASE);
    } else if (isSlot(src)) asm.rm(I.LDR_rm, dst, this.slotMem(src));
    else if (isSlot(dst)) asm.rm(I.STR_rm, src, this.slotMem(dst));
    else asm.rr(I.MOV_rr, dst, src);
  }

  /** Loads a constant into a location (a slot through x17 or d30). */
  loadConstant(c: LLConstant, dst: Loc, float: boolean): void {
    const asm = this.asm;
    if (float || c.type === Float) {
      const target = isFpr(dst) ? dst - FPR_BASE : XSCRATCH2;
      this.loadDouble(target, c.value as number);
      if (!isFpr(dst)) this.move(fpr(target), dst, true);
      return;
    }
    const r = isSlot(dst) ? SCRATCH2 : dst;
    const v = c.value;
    if (typeof v === "object" && v !== null && "kind" in v) {
      if (v.kind === "prebuilt") this.dataAddress(r, "data", this.program.data.prebuilt(v));
      else if (v.kind === "function") this.codeAddress(r, this.program.functionLabel(c));
      else throw new Error(`internal error: constant ${String(v)}`);
    } else {
      const n = constantNumber(c) ?? 0;
      if (n === 0) asm.rr(I.MOV_rr, r, XZR);
      else asm.movConstant(r, n);
    }
    if (isSlot(dst)) asm.rm(I.STR_rm, r, this.slotMem(dst));
  }

  /** d register x = value: fmov from xzr for +0, else a literal of the function's pool. */
  loadDouble(x: number, value: number): void {
    if (Object.is(value, 0)) {
      this.asm.rr(I.FMOV_vr, x, XZR);
      return;
    }
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, value, true);
    const low = view.getUint32(0, true);
    const high = view.getUint32(4, true);
    const key = `${high}:${low}`;
    let literal = this.literals.get(key);
    if (!literal) this.literals.set(key, (literal = { label: new Label(), high, low }));
    this.asm.rm(I.LDR_vm, x, memLabel(literal.label));
  }

  // ---- addresses of data and code (ADRP and the low 12 bits, relocated by the ELF writer)

  /** A relocation of the instruction emitted next (its field gets section + offset as the kind says). */
  relocate(kind: string, targetSection: "data" | "rodata", targetOffset: number): void {
    this.program.relocations.push({ kind, section: "text", offset: this.asm.position(), targetSection, targetOffset });
  }

  /** r = the address of section + offset. */
  dataAddress(r: number, section: "data" | "rodata", offset: number): void {
    this.relocate("adrPage21", section, offset);
    this.asm.ri(I.ADRP_ri, r, 0);
    this.relocate("addLo12", section, offset);
    this.asm.rri(I.ADD_rri, r, r, 0);
  }

  /** r = the 4 KiB page of section + offset (ADRP): the low 12 bits go into the access that follows. */
  dataPage(r: number, section: "data" | "rodata", offset: number): void {
    this.relocate("adrPage21", section, offset);
    this.asm.ri(I.ADRP_ri, r, 0);
  }

  /** r = the 8-byte word at .data + offset (8-aligned). */
  loadWord(r: number, offset: number): void {
    this.relocate("adrPage21", "data", offset);
    this.asm.ri(I.ADRP_ri, r, 0);
    this.relocate("ldst64Lo12", "data", offset);
    this.asm.rm(I.LDR_rm, r, mem(r, 0));
  }

  /** The 8-byte word at .data + offset = r, through the address register tmp. */
  storeWord(r: number, offset: number, tmp: number): void {
    this.relocate("adrPage21", "data", offset);
    this.asm.ri(I.ADRP_ri, tmp, 0);
    this.relocate("ldst64Lo12", "data", offset);
    this.asm.rm(I.STR_rm, r, mem(tmp, 0));
  }

  /** r = the address of a label of the code (a function: it may be compiled later, so the ELF writer relocates). */
  codeAddress(r: number, label: Label): void {
    const asm = this.asm;
    const page: Relocation = { kind: "adrPage21", section: "text", offset: asm.position(), targetSection: "text", targetOffset: 0 };
    asm.ri(I.ADRP_ri, r, 0);
    const low: Relocation = { kind: "addLo12", section: "text", offset: asm.position(), targetSection: "text", targetOffset: 0 };
    asm.rri(I.ADD_rri, r, r, 0);
    this.program.codeRelocations.push({ relocation: page, label }, { relocation: low, label });
  }

  /** Records the call just emitted (its return address is here) as made at pos, for stack traces. */
  site(pos: LLPos | undefined): void {
    this.program.sites.push({ returnOffset: this.asm.position(), graph: this.graph, pos });
  }

  // ---- out-of-line paths

  /** Code emitted after the function's blocks. */
  defer(emit: () => void): void {
    this.deferred.push(emit);
  }

  /**
   * A label to jump to when a check fails: it calls a fatal routine with the given arguments
   * (moved into argument registers) and the check's position (its file and a position word).
   */
  fatalPath(routine: Label, args: FatalArgument[], pos: SourcePos | undefined): Label {
    const label = new Label();
    this.deferred.push(() => {
      this.asm.bind(label);
      const moves = fatalArgumentMoves(AARCH64_REGISTERS, args, pos, (v) => this.locOrFail(v));
      parallelMove(AARCH64_REGISTERS, moves, {
        move: (s, d, float) => this.move(s, d, float),
        load: (c, d, float) => {
          if (c instanceof LLConstant) this.loadConstant(c, d, float);
          else if (c.string === null) this.asm.rr(I.MOV_rr, d, XZR);
          else this.dataAddress(d, "data", this.program.data.string(c.string));
        },
      });
      this.asm.l(I.BL_l, routine);
      this.site(pos);
      this.asm.i(I.BRK_i, 0);
    });
    return label;
  }
}


export function negate(cond: Condition): Condition {
  if (cond.kind === "flags") return { kind: "flags", cc: invertCondition(cond.cc) };
  return { kind: "zero", reg: cond.reg, zero: !cond.zero };
}

/** Whether n is an ADD/SUB/CMP immediate (0-4095, or a multiple of 4096 up to 0xfff000). */
export function fitsAddSub(n: number): boolean {
  return chooseEncoding(I.CMP_ri, 0, n, 0, 0, 0, null) !== null;
}

/** Whether n is a 64-bit logical immediate (AND, ORR, EOR). */
export function fitsLogical(n: number): boolean {
  return Number.isSafeInteger(n) && chooseEncoding(I.AND_rri, 0, 0, n, 0, 0, null) !== null;
}

/** The number a constant holds, for integer-like types (Signed, Bool, Char, null pointers, addresses). */
export function constantNumber(c: LLConstant): number | undefined {
  const v = c.value;
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v === null) return 0;
  return undefined;
}

