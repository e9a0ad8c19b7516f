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
  item_11 = non_null(item_10)  @10:24
  result_12 = simple_call(<function promote>, item_11)  @10:16
  v_13 = eq(result_12, 0)  @11:9
  if v_13 then block4(code_6, acc_8) else block3(code_6, pc_7, acc_8, result_12)
block3(code_14, pc_15, acc_16, op_17):
  v_18 = add(acc_16, op_17)  @16:5
  old_19 = pos(pc_15)  @17:5
  v_20 = add(old_19, 1)  @17:5
  goto block1(code_14, v_20, v_18)
block4(code_21, acc_22):
  v_23 = add(acc_22, 1)  @13:43
  hint_24 = jit_hint(<JitDriver instance>, "canEnterJit", ["pc", "code", "acc"], 0, code_21, v_23)  @13:7
  goto block1(code_21, 0, acc_22)
*/
