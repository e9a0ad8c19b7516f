// Values that may be undefined: an int held with a sentinel, an object pointer with 0.

class Node {
  value: number;
  next: Node | undefined;
  constructor(value: number, next: Node | undefined) {
    this.value = value;
    this.next = next;
  }
}

function example(node: Node | undefined, fallback: number | undefined): number {
  let total = fallback ?? 0;
  while (node !== undefined) {
    total += node.value;
    node = node.next;
  }
  return total;
}

export function main(argv: string[]): number {
  return example(new Node(1, new Node(2, undefined)), argv.length > 1 ? argv.length : undefined);
}
/* ==== lltype
graph example(node_0: Ptr(inst_Node), fallback_1: Signed) -> Signed
block0(node_0: Ptr(inst_Node), fallback_1: Signed):
  isnull_2: Bool = int_eq(fallback_1, 1152921504606846976)  @13:15
  present_3: Bool = bool_not(isnull_2)  @13:15
  if present_3 then block1(node_0, fallback_1) else block1(node_0, 0)
block1(node_4: Ptr(inst_Node), total_5: Signed):
  isundef_6: Bool = ptr_iszero(node_4)  @14:10
  v_7: Bool = bool_not(isundef_6)  @14:10
  if v_7 then block2(node_4, total_5) else return total_5
block2(node_8: Ptr(inst_Node), total_9: Signed):
  value_10: Signed = getfield(node_8, "f_value")  @15:14
  v_11: Signed = int_add_ovf(total_9, value_10)  @15:5
  next_12: Ptr(inst_Node) = getfield(node_8, "f_next")  @16:12
  goto block1(next_12, v_11)
*/
