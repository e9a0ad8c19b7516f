// The JIT hints of a small interpreter's dispatch loop stay operations of the LL graph:
// jitMergePoint and canEnterJit become jit_merge_point and can_enter_jit with the driver's name,
// the count of its greens, then the greens and the reds in the order the driver declares them
// (not the order the call writes them); weAreJitted() is jit_we_are_jitted (false here, true in
// jitcodes) and promote() jit_promote.

import { JitDriver, promote, weAreJitted } from "rts";

const driver = new JitDriver({ greens: ["pc", "code"], reds: ["acc", "steps"], name: "tiny" });

function example(code: string): number {
  let pc = 0;
  let acc = 0;
  let steps = 0;
  while (pc < code.length) {
    driver.jitMergePoint({ steps, acc, code, pc });
    const op = promote(code.charCodeAt(pc));
    if (op === 43) acc++;
    else if (op === 45) acc--;
    else if (op === 91 && acc !== 0) {
      pc = -1;
      driver.canEnterJit({ pc, code, acc, steps });
    }
    if (weAreJitted()) steps += 2;
    steps++;
    pc++;
  }
  return acc * 1000 + steps;
}

export function main(argv: string[]): number {
  return example(argv[0] ?? "++-");
}
/* ==== lltype
graph example(code_0: Ptr(STR)) -> Signed
block0(code_0: Ptr(STR)):
  goto block1(code_0, 0, 0, 0)
block1(code_1: Ptr(STR), pc_2: Signed, acc_3: Signed, steps_4: Signed):
  length_5: Signed = getinteriorarraysize(code_1, "chars")  @15:15
  v_6: Bool = int_lt(pc_2, length_5)  @15:10
  if v_6 then block3(code_1, pc_2, acc_3, steps_4) else block2(acc_3, steps_4)
block2(acc_7: Signed, steps_8: Signed):
  v_9: Signed = int_mul_ovf(acc_7, 1000)  @28:10
  v_10: Signed = int_add_ovf(v_9, steps_8)  @28:10
  return v_10
block3(code_11: Ptr(STR), pc_12: Signed, acc_13: Signed, steps_14: Signed):
  v_15: Void = jit_merge_point("tiny", 2, pc_12, code_11, acc_13, steps_14)  @16:5
  length_16: Signed = getinteriorarraysize(code_11, "chars")  @17:24
  v_17: Void = check_index(pc_12, length_16)  @17:24
  c_18: Char = getinteriorfield(code_11, "chars", pc_12)  @17:24
  result_19: Signed = cast_char_to_int(c_18)  @17:24
  result_20: Signed = jit_promote(result_19)  @17:16
  v_21: Bool = int_eq(result_20, 43)  @18:9
  if v_21 then block12(code_11, pc_12, acc_13, steps_14) else block4(code_11, pc_12, acc_13, steps_14, result_20)
block4(code_22: Ptr(STR), pc_23: Signed, acc_24: Signed, steps_25: Signed, op_26: Signed):
  v_27: Bool = int_eq(op_26, 45)  @19:14
  if v_27 then block11(code_22, pc_23, acc_24, steps_25) else block5(code_22, pc_23, acc_24, steps_25, op_26)
block5(code_28: Ptr(STR), pc_29: Signed, acc_30: Signed, steps_31: Signed, op_32: Signed):
  v_33: Bool = int_eq(op_32, 91)  @20:14
  if v_33 then block9(code_28, pc_29, acc_30, steps_31) else block6(code_28, pc_29, acc_30, steps_31)
block6(code_34: Ptr(STR), pc_35: Signed, acc_36: Signed, steps_37: Signed):
  result_38: Bool = jit_we_are_jitted()  @24:9
  cond_39: Bool = same_as(result_38)  @24:9
  if cond_39 then block8(code_34, pc_35, acc_36, steps_37) else block7(code_34, pc_35, acc_36, steps_37)
block7(code_40: Ptr(STR), pc_41: Signed, acc_42: Signed, steps_43: Signed):
  old_44: Signed = same_as(steps_43)  @25:5
  v_45: Signed = int_add_ovf(old_44, 1)  @25:5
  old_46: Signed = same_as(pc_41)  @26:5
  v_47: Signed = int_add_ovf(old_46, 1)  @26:5
  goto block1(code_40, v_47, acc_42, v_45)
block8(code_48: Ptr(STR), pc_49: Signed, acc_50: Signed, steps_51: Signed):
  v_52: Signed = int_add_ovf(steps_51, 2)  @24:24
  goto block7(code_48, pc_49, acc_50, v_52)
block9(code_53: Ptr(STR), pc_54: Signed, acc_55: Signed, steps_56: Signed):
  v_57: Bool = int_ne(acc_55, 0)  @20:27
  if v_57 then block10(code_53, acc_55, steps_56) else block6(code_53, pc_54, acc_55, steps_56)
block10(code_58: Ptr(STR), acc_59: Signed, steps_60: Signed):
  v_61: Void = can_enter_jit("tiny", 2, -1, code_58, acc_59, steps_60)  @22:7
  goto block6(code_58, -1, acc_59, steps_60)
block11(code_62: Ptr(STR), pc_63: Signed, acc_64: Signed, steps_65: Signed):
  old_66: Signed = same_as(acc_64)  @19:25
  v_67: Signed = int_sub_ovf(old_66, 1)  @19:25
  goto block6(code_62, pc_63, v_67, steps_65)
block12(code_68: Ptr(STR), pc_69: Signed, acc_70: Signed, steps_71: Signed):
  old_72: Signed = same_as(acc_70)  @18:20
  v_73: Signed = int_add_ovf(old_72, 1)  @18:20
  goto block6(code_68, pc_69, v_73, steps_71)
*/
