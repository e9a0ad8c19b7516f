# passes: loadcse
# run: 0; 1; 2; 3
# In one block: a field, an item, a length and an index check known from an earlier read (or
# check) are not read (checked) again; a store makes its value known (store-to-load forwarding).
# What stays: an item read after a store of another item of any array (item i may be item 0), a
# field read after a store of a field of that name in another object (they may be the same),
# a read of a Uint8 item after a store (300 reads back as 44). An allocation forgets nothing.
struct list gc { length: Signed, items: Ptr(ints) }
array ints gc of Signed
array bytes gc of Uint8
struct box gc { value: Signed, other: Signed }
prebuilt <xs>: ints = [10, 20, 30]
prebuilt <l>: list = { length: 3, items: <xs> }
prebuilt <b>: box = { value: 5, other: 7 }
prebuilt <c>: box = { value: 6, other: 8 }
prebuilt <u>: bytes = [1, 2]
graph f(i: Signed) -> Signed
block0(i: Signed):
  n1: Signed = getfield(<l>, "length")
  check_index(i, n1)
  items1: Ptr(ints) = getfield(<l>, "items")
  x1: Signed = getarrayitem(items1, i)
  n2: Signed = getfield(<l>, "length")
  check_index(i, n2)
  items2: Ptr(ints) = getfield(<l>, "items")
  x2: Signed = getarrayitem(items2, i)
  setarrayitem(items2, 0, x2)
  x3: Signed = getarrayitem(items2, i)
  z: Signed = getarrayitem(items2, 0)
  setfield(<b>, "value", x3)
  v1: Signed = getfield(<b>, "value")
  o1: Signed = getfield(<b>, "other")
  setfield(<c>, "value", 1)
  v2: Signed = getfield(<b>, "value")
  o2: Signed = getfield(<b>, "other")
  m: Ptr(box) = malloc(box)
  setfield(m, "other", 2)
  v3: Signed = getfield(<b>, "value")
  n3: Signed = getfield(<l>, "length")
  setarrayitem(<u>, 0, 300)
  u0: Signed = getarrayitem(<u>, 0)
  s1 = int_add(x1, x2)
  s2 = int_add(s1, x3)
  s3 = int_add(s2, z)
  s4 = int_add(s3, v1)
  s5 = int_add(s4, v2)
  s6 = int_add(s5, v3)
  s7 = int_add(s6, n3)
  s8 = int_add(s7, u0)
  s9 = int_add(s8, o1)
  s10 = int_add(s9, o2)
  return s10
==== optimized
graph f(i_0: Signed) -> Signed
block0(i_0: Signed):
  n1_1: Signed = getfield(<l>, "length")
  v_2: Void = check_index(i_0, n1_1)
  items1_3: Ptr(ints) = getfield(<l>, "items")
  x1_4: Signed = getarrayitem(items1_3, i_0)
  v_5: Void = setarrayitem(items1_3, 0, x1_4)
  x3_6: Signed = getarrayitem(items1_3, i_0)
  v_7: Void = setfield(<b>, "value", x3_6)
  o1_8: Signed = getfield(<b>, "other")
  v_9: Void = setfield(<c>, "value", 1)
  v2_10: Signed = getfield(<b>, "value")
  m_11: Ptr(box) = malloc(box)
  v_12: Void = setfield(m_11, "other", 2)
  v_13: Void = setarrayitem(<u>, 0, 300)
  u0_14: Signed = getarrayitem(<u>, 0)
  s1_15: Signed = int_add(x1_4, x1_4)
  s2_16: Signed = int_add(s1_15, x3_6)
  s3_17: Signed = int_add(s2_16, x1_4)
  s4_18: Signed = int_add(s3_17, x3_6)
  s5_19: Signed = int_add(s4_18, v2_10)
  s6_20: Signed = int_add(s5_19, v2_10)
  s7_21: Signed = int_add(s6_20, n1_1)
  s8_22: Signed = int_add(s7_21, u0_14)
  s9_23: Signed = int_add(s8_22, o1_8)
  s10_24: Signed = int_add(s9_23, o1_8)
  return s10_24
