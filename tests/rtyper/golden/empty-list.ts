// An empty array literal: a list whose items are one prebuilt array of no items, shared by every
// `[]` (the first push replaces it), so that `[]` allocates the list alone.

function example(n: number): number[] {
  const squares: number[] = [];
  for (let i = 0; i < n; i++) squares.push(i * i);
  return squares;
}

export function main(argv: string[]): number {
  return example(argv.length).length;
}
/* ==== lltype
graph example(n_0: Signed) -> Ptr(list_int)
block0(n_0: Signed):
  list_1: Ptr(list_int) = malloc(list_int)  @5:29
  v_2: Void = setfield(list_1, "length", 0)  @5:29
  v_3: Void = setfield(list_1, "items", <empty items_int>)  @5:29
  array_4: Ptr(list_int) = same_as(list_1)  @5:29
  goto block1(n_0, array_4, 0)
block1(n_5: Signed, squares_6: Ptr(list_int), i_7: Signed):
  v_8: Bool = int_lt(i_7, n_5)  @6:19
  if v_8 then block2(n_5, squares_6, i_7) else return squares_6
block2(n_9: Signed, squares_10: Ptr(list_int), i_11: Signed):
  v_12: Signed = int_mul_ovf(i_11, i_11)  @6:44
  result_13: Signed = direct_call(<fn ll_append_int>, squares_10, v_12)  @6:39
  old_14: Signed = same_as(i_11)  @6:26
  v_15: Signed = int_add_ovf(old_14, 1)  @6:26
  goto block1(n_9, squares_10, v_15)
*/
