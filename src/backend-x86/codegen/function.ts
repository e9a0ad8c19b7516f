/**
 * One LL graph to machine code: the frame, the blocks in reverse postorder, the links' parallel
 * moves, branches (with the block's last comparison fused into them), switches (dense ones as
 * jump tables) and out-of-line paths (failed checks, allocation and stack slow paths), which go
 * after the function's blocks so that the fast paths fall through.
 *
 * Operations are emitted by the table in ops.ts; this file gives it the operands' locations and
 * the helpers every operation uses (a value in a register, a destination register, a store back
 * to a spill slot, memory operands on prebuilt data).
 *
 * Frame (rbp-based; gdb, perf and the GC's future walk follow the rbp chain):
 *
 *   [rbp + 16 + 8k]   incoming stack arguments (from the 7th integer or 9th float one)
 *   [rbp + 8]         return address
 *   [rbp]             caller's rbp
 *   [rbp - 8 ...]     saved callee-saved general registers (pushed)
 *                     saved callee-saved SSE registers
 *                     spill slots
 *   rsp               16-aligned at every call
 */

import type { SourcePos } from "../../frontend/model.js";
import { LLBlock, LLConstant, LLVariable, LL_DEFAULT, type LLGraph, type LLPos, type LLLink, type LLOperation, type LLValue } from "../../llir/llgraph.js";
import { Bool, Float, Signed, Void } from "../../llir/lltype.js";
import { llVariableNames } from "../../llir/print-llgraph.js";
import { Assembler } from "../../runtime/x86/assembler.js";
import { CC_E, CC_NE, CC_P, invertCondition } from "../../runtime/x86/encoding.js";
import {
  ADD_rr,
  CMP_ri,
  CMP_rr,
  JMP_l,
  JMP_r,
  Jcc_l,
  Jcc_l8,
  LEA_rm,
  MOVSD_mx,
  MOVSD_xm,
  MOVSD_xx,
  MOVSX32_rm,
  MOV_mr,
  MOV_ri,
  MOV_rm,
  MOV_rr,
  POP_r,
  PUSH_r,
  RET,
  SUB_ri,
  TEST_rr,
  UD2,
  XORPD_xx,
  MOVQ_xr,
  CALL_l,
  XOR32_rr,
} from "../../runtime/x86/instructions.js";
import { Label, Mem, mem, memIndexed, memRip, memRipLabel } from "../../runtime/x86/operands.js";
import { RBP, RSP, R11, RAX } from "../../runtime/x86/registers.js";
import { allocateRegisters, type Allocation } from "./allocate.js";
import type { ProgramData } from "../../backend/data-image.js";
import { SCRATCH, SCRATCH2, SLOT_BASE, X86_REGISTERS, XMM_BASE, XSCRATCH2, isGpr, isSlot, isXmm, xmm, type Loc } from "./locations.js";
import { argumentPlaces, fatalArgumentMoves, type FatalArgument, type StackArgument } from "../../backend/calling.js";
import { parallelMove, type Move } from "./moves.js";
import { blockOrder, denseSwitch, fusableComparisons, linkMoves, linkNeedsMoves, planBranch } from "../../backend/block-order.js";
import { conditionOf, emitCompare, OPERATIONS, type Condition } from "./ops.js";
import { isCallOperation } from "./ops-calls.js";
import { mallocWithRoots } from "./ops-memory.js";
import { emissionSteps } from "../../backend/allocation-roots.js";
import type { Relocation } from "../../backend/elf.js";
import type { CallSite } from "./trace-table.js";
import type { FunctionListing } from "../../backend/listing.js";

/** What the function compiler needs from the whole program. */
export interface ProgramContext {
  readonly asm: Assembler;
  readonly data: ProgramData;
  /** Relocations from the text (rip-relative references to data and rodata). */
  readonly relocations: Relocation[];
  /** The label of a graph's code (compiled later if not yet). */
  labelOf(graph: LLGraph): Label;
  /** The label of a function constant (a graph, or a runtime routine). */
  functionLabel(c: LLConstant): Label;
  /** Runtime routines and graphs the generated code calls. */
  readonly runtime: RuntimeLabels;
  /** Every call emitted so far, for the stack trace table (trace-table.ts). */
  readonly sites: CallSite[];
  /** The .data offsets of the runtime's variables: the collector's shared block (src/runtime/gc/layout.ts), its nursery words, the stack limit. */
  readonly shared: number;
  readonly heapTop: number;
  readonly heapLimit: number;
  readonly stackLimit: number;
}

export interface RuntimeLabels {
  /** Stubs to the collector (runtime.ts emitCollectorStub): allocSlow (rax = type id, r11 = bytes -> rax), writeBarrier (r11 = object), writeBarrierArray (r11 = array, rax = index), identityHash (r11 -> rax). */
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

/** A value an instruction can take: a register, memory, or a 32-bit immediate. */
export type Operand = { kind: "reg"; reg: number } | { kind: "mem"; mem: Mem; reloc?: RipReloc } | { kind: "imm"; value: number };

/** A rip-relative memory operand whose displacement the linker fills (its field is the instruction's last 4 bytes). */
export interface RipReloc {
  targetSection: "data" | "rodata";
  targetOffset: number;
}

const TWO_31 = 2 ** 31;
export const fitsImm32 = (n: number) => Number.isInteger(n) && n >= -TWO_31 && n < TWO_31;

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
  private savedGprs: Loc[] = [];
  private savedXmms: Loc[] = [];
  private frameBytes = 0;
  /** The block being emitted (for error messages). */
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
    this.allocation = allocateRegisters({ graph: this.graph, order, isCall: isCallOperation, skip });
    for (const block of order) this.blockLabels.set(block, new Label());

    this.listing?.blocks.push({ offset: this.asm.position(), pos: undefined, what: "prologue" });
    this.prologue();
    order.forEach((block, i) => this.emitBlock(block, order[i + 1]));
    this.asm.bind(this.epilogue);
    this.listing?.blocks.push({ offset: this.asm.position(), pos: undefined, what: "epilogue" });
    this.emitEpilogue();
    if (this.deferred.length > 0) this.listing?.blocks.push({ offset: this.asm.position(), pos: undefined, what: "out-of-line paths" });
    for (let i = 0; i < this.deferred.length; i++) this.deferred[i]!();
  }

  // ---- frame

  private prologue(): void {
    const asm = this.asm;
    asm.bind(this.program.labelOf(this.graph));
    asm.r(PUSH_r, RBP);
    asm.rr(MOV_rr, RBP, RSP);
    this.savedGprs = this.allocation.calleeSaved.filter(isGpr);
    this.savedXmms = this.allocation.calleeSaved.filter(isXmm);
    for (const r of this.savedGprs) asm.r(PUSH_r, r);
    const pushed = 8 * this.savedGprs.length;
    let bytes = 8 * this.savedXmms.length + 8 * this.allocation.slots;
    if ((pushed + bytes) % 16 !== 0) bytes += 8;
    this.frameBytes = bytes;
    if (bytes > 0) asm.ri(SUB_ri, RSP, bytes);
    this.savedXmms.forEach((x, i) => asm.mr(MOVSD_mx, mem(RBP, -pushed - 8 * (i + 1)), x - XMM_BASE));

    // The arguments, from where the convention puts them to where the allocator wants them.
    const moves: Move<StackArgument>[] = [];
    const inputs = this.graph.startblock.inputargs;
    argumentPlaces(X86_REGISTERS, inputs.map((v) => v.type)).forEach((place, i) => {
      const dst = place && this.allocation.loc.get(inputs[i]!);
      if (!place || dst === undefined) return; // Void, or never used
      moves.push({ src: "register" in place ? place.register : { stackIndex: place.stackIndex }, dst, float: place.float });
    });
    parallelMove(moves, {
      move: (s, d, float) => this.move(s, d, float),
      load: (arg, d, float) => {
        const m = mem(RBP, 16 + 8 * arg.stackIndex);
        if (float) this.loadFloatMem(m, d);
        else if (isSlot(d)) {
          this.asm.rm(MOV_rm, SCRATCH2, m);
          this.asm.mr(MOV_mr, this.slotMem(d), SCRATCH2);
        } else this.asm.rm(MOV_rm, d, m);
      },
    });
  }

  private emitEpilogue(): void {
    const asm = this.asm;
    const pushed = 8 * this.savedGprs.length;
    this.savedXmms.forEach((x, i) => asm.rm(MOVSD_xm, x - XMM_BASE, mem(RBP, -pushed - 8 * (i + 1))));
    if (this.frameBytes > 0 || this.savedGprs.length > 0) asm.rm(LEA_rm, RSP, mem(RBP, -pushed));
    for (let i = this.savedGprs.length - 1; i >= 0; i--) asm.r(POP_r, this.savedGprs[i]!);
    asm.r(POP_r, RBP);
    asm.none(RET);
  }

  slotMem(loc: Loc): Mem {
    const offset = 8 * this.savedGprs.length + 8 * this.savedXmms.length + 8 * (loc - SLOT_BASE + 1);
    return mem(RBP, -offset);
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
      if (typeof emit !== "function") throw new Error(`internal error: the x86-64 backend refuses ${op.opname} (in ${this.graph.name}): ${emit.refused}`);
      emit(this, op);
    }
    this.emitExits(block, next, fused);
  }

  private emitExits(block: LLBlock, next: LLBlock | undefined, fused: LLOperation | undefined): void {
    const sw = block.exitswitch;
    if (block.exits.length === 0) {
      this.asm.none(UD2); // the exceptblock: the exception transform leaves no way into it
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
      const cond = fused ? emitCompare(this, fused) : this.testBool(sw);
      this.branch(cond, trueLink, falseLink, next);
      return;
    }
    this.emitSwitch(sw, block.exits, next);
  }

  /** Compares a Bool value with zero: the condition "it is true". */
  private testBool(v: LLVariable): Condition {
    const op = this.operand(v);
    if (op.kind === "reg") this.asm.rr(TEST_rr, op.reg, op.reg);
    else {
      const r = this.gpr(v, SCRATCH);
      this.asm.rr(TEST_rr, r, r);
    }
    return { cc: CC_NE, parity: "none" };
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
    const asm = this.asm;
    if (cond.parity === "none") asm.l(Jcc_l[cond.cc]!, target);
    else if (cond.parity === "ordered") {
      // "equal" on floats: ZF=1 and not unordered (PF=0).
      const skip = new Label();
      asm.l(Jcc_l8[CC_P]!, skip);
      asm.l(Jcc_l[cond.cc]!, target);
      asm.bind(skip);
    } else {
      // "not equal" on floats: ZF=0 or unordered.
      asm.l(Jcc_l[CC_P]!, target);
      asm.l(Jcc_l[cond.cc]!, target);
    }
  }

  /** Whether following link means moving values (a target's inputargs not where the link's values are). */
  private needsMoves(link: LLLink): boolean {
    return linkNeedsMoves(this.graph, link, this.allocation.loc);
  }

  private linkTarget(link: LLLink): Label {
    if (link.target === this.graph.returnblock || link.target === this.graph.exceptblock) throw new Error("internal error: a return link has moves");
    return this.blockLabels.get(link.target)!;
  }

  private linkMoves(link: LLLink): Move<LLConstant>[] {
    return linkMoves(this.graph, link, this.allocation.loc);
  }

  /** Follows a link: its moves, then a jump unless its target comes next. */
  private emitLink(link: LLLink, next: LLBlock | undefined): void {
    if (link.target === this.graph.returnblock) {
      const value = link.args[0];
      if (value && value.type !== Void) {
        if (value.type === Float) this.toXmm(value, 0);
        else this.toGpr(value, RAX);
      }
      this.asm.l(JMP_l, this.epilogue);
      return;
    }
    if (link.target === this.graph.exceptblock) {
      this.asm.none(UD2);
      return;
    }
    parallelMove(this.linkMoves(link), {
      move: (s, d, float) => this.move(s, d, float),
      load: (c, d, float) => this.loadConstant(c, d, float),
    });
    if (link.target !== next) this.asm.l(JMP_l, this.blockLabels.get(link.target)!);
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
    const values = cases.map((l) => l.exitcase);
    const dense = denseSwitch(values);
    if (dense && fitsImm32(dense.min)) {
      const { min, range } = dense;
      // A jump table of 32-bit offsets from the table's start, placed after the function.
      const defaultLabel = fallback ? labelFor(fallback) : new Label();
      if (!fallback) this.deferred.push(() => (asm.bind(defaultLabel), asm.none(UD2)));
      // The index is the value itself when the cases start at 0 (no copy on the dispatch path).
      let index = value;
      if (min !== 0 || value === R11) {
        if (value !== SCRATCH) asm.rr(MOV_rr, SCRATCH, value);
        if (min !== 0) asm.ri(SUB_ri, SCRATCH, min);
        index = SCRATCH;
      }
      asm.ri(CMP_ri, index, range - 1);
      asm.l(Jcc_l[7 /* A: unsigned above */]!, defaultLabel);
      const table = new Label();
      asm.rm(LEA_rm, R11, memRipLabel(table, 0));
      asm.rm(MOVSX32_rm, SCRATCH, memIndexed(R11, index, 4, 0));
      asm.rr(ADD_rr, SCRATCH, R11);
      asm.r(JMP_r, SCRATCH);
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
      if (fitsImm32(link.exitcase)) asm.ri(CMP_ri, value, link.exitcase);
      else {
        asm.ri(MOV_ri, R11, link.exitcase);
        asm.rr(CMP_rr, value, R11);
      }
      asm.l(Jcc_l[CC_E]!, labelFor(link));
    }
    if (fallback) this.emitLink(fallback, next);
    else asm.none(UD2);
  }

  // ---- values

  locOf(v: LLVariable): Loc | undefined {
    return this.allocation.loc.get(v);
  }

  /** The value as an instruction operand (a 32-bit immediate, a register or a spill slot), loading only what has no such form. */
  operand(v: LLValue, scratch = SCRATCH): Operand {
    if (v instanceof LLConstant) {
      const n = constantNumber(v);
      if (n !== undefined && fitsImm32(n) && v.type !== Float) return { kind: "imm", value: n };
      return { kind: "reg", reg: this.gpr(v, scratch) };
    }
    const loc = this.allocation.loc.get(v);
    if (loc === undefined) throw new Error(`internal error: ${this.graph.name}: ${llVariableNames(this.graph).get(v) ?? v.hint} has no location`);
    if (isSlot(loc)) return { kind: "mem", mem: this.slotMem(loc) };
    return { kind: "reg", reg: isXmm(loc) ? loc - XMM_BASE : loc };
  }

  /** A general register holding the value: its own, or scratch loaded with it. */
  gpr(v: LLValue, scratch: number): number {
    if (v instanceof LLVariable) {
      const loc = this.allocation.loc.get(v);
      if (loc !== undefined && isGpr(loc)) return loc;
    }
    this.toGpr(v, scratch);
    return scratch;
  }

  /** An SSE register holding the float value. */
  xmmOf(v: LLValue, scratch: number): number {
    if (v instanceof LLVariable) {
      const loc = this.allocation.loc.get(v);
      if (loc !== undefined && isXmm(loc)) return loc - XMM_BASE;
    }
    this.toXmm(v, scratch);
    return scratch;
  }

  /** Loads the value into general register r. */
  toGpr(v: LLValue, r: number): void {
    if (v instanceof LLConstant) {
      this.loadConstant(v, r, false);
      return;
    }
    const loc = this.allocation.loc.get(v)!;
    this.move(loc, r, false);
  }

  /** Loads the float value into SSE register x. */
  toXmm(v: LLValue, x: number): void {
    if (v instanceof LLConstant) {
      this.loadConstant(v, xmm(x), true);
      return;
    }
    this.move(this.allocation.loc.get(v)!, xmm(x), true);
  }

  /** The register to compute a result into: its own register, or a scratch one (see finish). */
  dst(v: LLVariable, scratch = SCRATCH2): number {
    const loc = this.allocation.loc.get(v);
    if (loc === undefined) return scratch;
    if (isGpr(loc)) return loc;
    if (isXmm(loc)) return loc - XMM_BASE;
    return scratch;
  }

  /** Stores a result computed into register r to its variable's location, if that is not r. */
  finish(v: LLVariable, r: number): void {
    const loc = this.allocation.loc.get(v);
    if (loc === undefined) return;
    if (v.type === Float) this.move(xmm(r), loc, true);
    else this.move(r, loc, false);
  }

  /** Whether the value is (now) in exactly this general register. */
  inGpr(v: LLValue, r: number): boolean {
    return v instanceof LLVariable && this.allocation.loc.get(v) === r;
  }

  inXmm(v: LLValue, x: number): boolean {
    return v instanceof LLVariable && this.allocation.loc.get(v) === xmm(x);
  }

  move(src: Loc, dst: Loc, float: boolean): void {
    if (src === dst) return;
    const asm = this.asm;
    if (isSlot(src) && isSlot(dst)) {
      asm.rm(MOV_rm, SCRATCH2, this.slotMem(src));
      asm.mr(MOV_mr, this.slotMem(dst), SCRATCH2);
      return;
    }
    if (isXmm(src) || isXmm(dst) || float) {
      if (isXmm(src) && isXmm(dst)) asm.rr(MOVSD_xx, dst - XMM_BASE, src - XMM_BASE);
      else if (isXmm(dst)) {
        if (isSlot(src)) asm.rm(MOVSD_xm, dst - XMM_BASE, this.slotMem(src));
        else asm.rr(MOVQ_xr, dst - XMM_BASE, src);
      } else if (isSlot(dst)) asm.mr(MOVSD_mx, this.slotMem(dst), src - XMM_BASE);
      else throw new Error("internal error: float moved into a general register");
      return;
    }
    if (isSlot(src)) asm.rm(MOV_rm, dst, this.slotMem(src));
    else if (isSlot(dst)) asm.mr(MOV_mr, this.slotMem(dst), src);
    else asm.rr(MOV_rr, dst, src);
  }

  loadFloatMem(m: Mem, dst: Loc): void {
    if (isXmm(dst)) this.asm.rm(MOVSD_xm, dst - XMM_BASE, m);
    else {
      this.asm.rm(MOV_rm, SCRATCH2, m);
      this.asm.mr(MOV_mr, this.slotMem(dst), SCRATCH2);
    }
  }

  /** Loads a constant into a location. */
  loadConstant(c: LLConstant, dst: Loc, float: boolean): void {
    const asm = this.asm;
    if (float || c.type === Float) {
      const value = c.value as number;
      const target = isXmm(dst) ? dst - XMM_BASE : XSCRATCH2;
      if (Object.is(value, 0)) asm.rr(XORPD_xx, target, target);
      else this.ripLoad(MOVSD_xm, target, { targetSection: "rodata", targetOffset: this.program.data.float(value) });
      if (!isXmm(dst)) asm.mr(MOVSD_mx, this.slotMem(dst), target);
      return;
    }
    const r = isSlot(dst) ? SCRATCH2 : dst;
    const v = c.value;
    if (typeof v === "object" && v !== null && "kind" in v) {
      if (v.kind === "prebuilt") this.ripLoad(LEA_rm, r, { targetSection: "data", targetOffset: this.program.data.prebuilt(v) });
      else if (v.kind === "function") asm.rm(LEA_rm, r, memRipLabel(this.program.functionLabel(c), 0));
      else throw new Error(`internal error: constant ${String(v)}`);
    } else {
      const n = constantNumber(c) ?? 0;
      if (n === 0) asm.rr(XOR32_rr, r, r);
      else if (Number.isSafeInteger(n)) asm.ri(MOV_ri, r, n);
      else this.ripOperand(MOV_rm, r, this.program.data.int64(n)); // beyond the assembler's immediates (RTS integers): 2^60 sentinels
    }
    if (isSlot(dst)) asm.mr(MOV_mr, this.slotMem(dst), r);
  }

  /** An instruction reg, [rip + X] whose displacement the linker fills (X in data or rodata). */
  ripLoad(form: Parameters<Assembler["rm"]>[0], reg: number, reloc: RipReloc): void {
    this.asm.rm(form, reg, memRip(0));
    this.ripRelocation(reloc);
  }

  /** An instruction reg, [rip + X] on a constant of .rodata. */
  ripOperand(form: Parameters<Assembler["rm"]>[0], reg: number, rodataOffset: number): void {
    this.ripLoad(form, reg, { targetSection: "rodata", targetOffset: rodataOffset });
  }

  /** Records that the last 4 bytes just emitted are a rip-relative displacement to reloc's target. */
  ripRelocation(reloc: RipReloc): void {
    const end = this.asm.position();
    this.program.relocations.push({ kind: "rel32", section: "text", offset: end - 4, end, targetSection: reloc.targetSection, targetOffset: reloc.targetOffset });
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
      const moves = fatalArgumentMoves(X86_REGISTERS, args, pos, (v) => this.allocation.loc.get(v)!);
      parallelMove(moves, {
        move: (s, d, float) => this.move(s, d, float),
        load: (c, d, float) => {
          if (c instanceof LLConstant) this.loadConstant(c, d, float);
          else if (c.string === null) this.asm.ri(MOV_ri, d, 0);
          else this.ripLoad(LEA_rm, d, { targetSection: "data", targetOffset: this.program.data.string(c.string) });
        },
      });
      this.asm.l(CALL_l, routine);
      this.site(pos);
      this.asm.none(UD2);
    });
    return label;
  }

}



export function negate(cond: Condition): Condition {
  if (cond.parity === "none") return { cc: invertCondition(cond.cc), parity: "none" };
  return { cc: invertCondition(cond.cc), parity: cond.parity === "ordered" ? "unordered" : "ordered" };
}

/** The number a constant holds, for integer-like types (Signed, Bool, Char, null pointers, addresses). */
export function constantNumber(c: LLConstant): number | undefined {
  const v = c.value;
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v === null) return 0;
  return undefined;
}
