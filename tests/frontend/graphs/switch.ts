const OP_ADD = 1;
const OP_SUB = 2;
const OP_HALT = 9;

export function step(op: number, acc: number): number {
  switch (op) {
    case OP_ADD:
      acc += 1;
      break;
    case OP_SUB:
      acc -= 1;
    // falls through
    case 3:
      acc *= 2;
      break;
    case OP_HALT:
      return -1;
    default:
      acc = 0;
  }
  return acc;
}

export function classify(c: string, other: string): number {
  switch (c) {
    case other:
      return 1;
    case "x":
      return 2;
  }
  return 0;
}
/* ==== graph
graph switch.step(op, acc)  @5:8
block0(op_0, acc_1):
  switch op_0:
    1 -> block1(acc_1)
    2 -> block2(acc_1)
    3 -> block3(acc_1)
    9 -> return -1
    default -> return 0
block1(acc_2):
  v_3 = add(acc_2, 1)  @8:7
  return v_3
block2(acc_4):
  v_5 = sub(acc_4, 1)  @11:7
  goto block3(v_5)
block3(acc_6):
  v_7 = mul(acc_6, 2)  @14:7
  return v_7
graph switch.classify(c, other)  @24:8
block0(c_0, other_1):
  matches_2 = eq(c_0, other_1)  @26:10
  if matches_2 then return 1 else block1(c_0)
block1(tmp_3):
  matches_4 = eq(tmp_3, "x")  @28:10
  if matches_4 then return 2 else return 0
*/
