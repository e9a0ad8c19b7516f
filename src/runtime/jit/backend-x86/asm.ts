/**
 * The x86-64 assembler the trace backend writes with (src/runtime/x86, run-time RTS shared with
 * the ahead-of-time code generator): the one place this folder imports it from.
 */

export { Assembler } from "../../x86/assembler.js";
export {
  ADD_mi, ADD_ri, CALL_r, CMP_mi, MOV_mi, MOV32_rr, MOVZX16_rr, TEST8_mi, TEST_mi, ADD_rr, ADDSD_xm, ADDSD_xx, AND_ri, AND_rr, CC_A, CC_AE, CC_B, CC_BE, CC_E, CC_G, CC_GE, CC_L, CC_LE, CC_NE, CC_NP,
  CC_O, CC_P, CC_S, CMOVcc_rr, CMP_ri, CMP_rm, CMP_rr, CQO, CVTSI2SD_xr, CVTTSD2SI_rx, DIVSD_xm, DIVSD_xx, IDIV_r, IMUL_rr,
  IMUL_rri, Jcc_l, Jcc_l32, JMP_l, JMP_l32, LEA_rm, MOV_ri, MOV_rm, MOV_mr, MOV_rr, MOV16_mr, MOV32_mr, MOV32_rm, MOV8_mr, MOVAPD_xx,
  MOVQ_rx, MOVQ_xr, MOVSD_mx, MOVSD_xm, MOVSX16_rm, MOVSX16_rr, MOVSX32_rm, MOVSX32_rr, MOVSX8_rm, MOVSX8_rr, MOVZX16_rm,
  MOVZX8_rm, MOVZX8_rr, MULSD_xm, MULSD_xx, NEG_r, NOT_r, OR_ri, OR_rr, POP_r, PUSH_r, RET, SAR_rcl, SAR_ri, SETcc_r,
  SHL_rcl, SHL_ri, SHR_rcl, SHR_ri, SUB_ri, SUB_rr, SUBSD_xm, SUBSD_xx, TEST_rr, UCOMISD_xx, XOR_ri, XOR_rr, XOR32_rr,
} from "../../x86/instructions.js";
export type { Form } from "../../x86/encoding.js";
export { Label, Mem, mem, memIndexed, memRipLabel } from "../../x86/operands.js";
export { R8, R9, R10, R11, R12, R13, R14, R15, RAX, RBP, RBX, RCX, RDI, RDX, RSI, RSP } from "../../x86/registers.js";
