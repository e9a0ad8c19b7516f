# passes: loadcse
# run: 0; 2; 5
# Across a link into a block with no other way in, what is known goes on: a read of the place
# through what the link passes for the object is the value read before, passed along the link
# (and along each link from the block that read it) when the link did not pass it already. A
# block with two ways in (join) knows nothing.
struct list gc { length: Signed, items: Ptr(ints) }
array ints gc of Signed
struct holder gc { list: Ptr(list) }
prebuilt <xs>: ints = [10, 20, 30]
prebuilt <l>: list = { length: 3, items: <xs> }
prebuilt <h>: holder = { list: <l> }
graph f(i: Signed) -> Signed
block0(i: Signed):
  l: Ptr(list) = getfield(<h>, "list")
  n: Signed = getfield(l, "length")
  items: Ptr(ints) = getfield(l, "items")
  small = int_lt(i, n)
  if small then inside(l, i) else outside(i)
inside(l2: Ptr(list), j: Signed):
  x0 = int_mul(j, 2)
  goto inside2(l2, j, x0)
inside2(l3: Ptr(list), j: Signed, x0: Signed):
  n2: Signed = getfield(l3, "length")
  check_index(j, n2)
  items2: Ptr(ints) = getfield(l3, "items")
  x1: Signed = getarrayitem(items2, j)
  x = int_add(x0, x1)
  goto join(l3, x)
outside(j: Signed):
  l4: Ptr(list) = getfield(<h>, "list")
  goto join(l4, j)
join(l5: Ptr(list), x: Signed):
  n3: Signed = getfield(l5, "length")
  r = int_add(x, n3)
  return r
==== optimized
graph f(i_0: Signed) -> Signed
block0(i_0: Signed):
  l_1: Ptr(list) = getfield(<h>, "list")
  n_2: Signed = getfield(l_1, "length")
  items_3: Ptr(ints) = getfield(l_1, "items")
  small_4: Bool = int_lt(i_0, n_2)
  if small_4 then block3(l_1, i_0, n_2, items_3) else block1(i_0, l_1)
block1(j_5: Signed, l_6: Ptr(list)):
  goto block2(l_6, j_5)
block2(l5_7: Ptr(list), x_8: Signed):
  n3_9: Signed = getfield(l5_7, "length")
  r_10: Signed = int_add(x_8, n3_9)
  return r_10
block3(l2_11: Ptr(list), j_12: Signed, n_13: Signed, items_14: Ptr(ints)):
  x0_15: Signed = int_mul(j_12, 2)
  goto block4(l2_11, j_12, x0_15, n_13, items_14)
block4(l3_16: Ptr(list), j_17: Signed, x0_18: Signed, n_19: Signed, items_20: Ptr(ints)):
  v_21: Void = check_index(j_17, n_19)
  x1_22: Signed = getarrayitem(items_20, j_17)
  x_23: Signed = int_add(x0_18, x1_22)
  goto block2(l3_16, x_23)
