import { JitDriver, promote } from "rts";

const driver = new JitDriver({ greens: ["pc", "code"], reds: ["acc"] });

export function interpret(code: number[]): number {
  let pc = 0;
  let acc = 0;
  while (pc < code.length) {
    driver.jitMergePoint({ pc, code, acc });
    const op = promote(code[pc]!);
    if (op === 0) {
      pc = 0;
      driver.canEnterJit({ pc, code, acc: acc + 1 });
      continue;
    }
    acc += op;
    pc++;
  }
  return acc;
}
/* ==== graph
graph hints.interpret(code)  @5:8
block0(code_0):
  goto block1(code_0, 0, 0)
block1(code_1, pc_2, acc_3):
  length_4 = getattr(code_1, "length")  @8:15
  v_5 = lt(pc_2, length_4)  @8:10
  if v_5 then block2(code_1, pc_2, acc_3) else return acc_3
block2(code_6, pc_7, acc_8):
  hint_9 = jit_hint(<JitDriver instance>, "jitMergePoint", ["pc", "code", "acc"], pc_7, code_6, acc_8)  @9:5
  item_10 = getitem(code_6, pc_7)  @10:24
  result_11 = simple_call(<function promote>, item_10)  @10:16
  v_12 = eq(result_11, 0)  @11:9
  if v_12 then block4(code_6, acc_8) else block3(code_6, pc_7, acc_8, result_11)
block3(code_13, pc_14, acc_15, op_16):
  v_17 = add(acc_15, op_16)  @16:5
  old_18 = pos(pc_14)  @17:5
  v_19 = add(old_18, 1)  @17:5
  goto block1(code_13, v_19, v_17)
block4(code_20, acc_21):
  v_22 = add(acc_21, 1)  @13:43
  hint_23 = jit_hint(<JitDriver instance>, "canEnterJit", ["pc", "code", "acc"], 0, code_20, v_22)  @13:7
  goto block1(code_20, 0, acc_21)
*/
