# passes: loadcse
# run: 1; 4
# A pointer cast (to a base, back to the subclass) is the same object: a field read through
# either is one read, in the block and in the next, and a store through one is read back
# through the other. A store of the same field name through an unrelated pointer forgets it.
struct base gc { id: Signed }
struct derived gc { super: base, extra: Signed }
struct other gc { id: Signed }
prebuilt <d>: derived = { id: 3, extra: 4 }
prebuilt <o>: other = { id: 9 }
graph f(a: Signed) -> Signed
block0(a: Signed):
  d: Ptr(derived) = same_as(<d>)
  b: Ptr(base) = cast_pointer(Ptr(base), d)
  id1: Signed = getfield(b, "id")
  id2: Signed = getfield(d, "id")
  setfield(d, "extra", a)
  big = int_gt(a, 2)
  if big then more(b, id1) else less(id2)
more(b2: Ptr(base), id1: Signed):
  d2: Ptr(derived) = cast_pointer(Ptr(derived), b2)
  e: Signed = getfield(d2, "extra")
  id3: Signed = getfield(d2, "id")
  setfield(<o>, "id", e)
  id4: Signed = getfield(b2, "id")
  s1 = int_add(id1, e)
  s2 = int_add(s1, id3)
  s3 = int_add(s2, id4)
  return s3
less(x: Signed):
  return x
==== optimized
graph f(a_0: Signed) -> Signed
block0(a_0: Signed):
  d_1: Ptr(derived) = same_as(<d>)
  b_2: Ptr(base) = cast_pointer(Ptr(base), d_1)
  id1_3: Signed = getfield(b_2, "id")
  v_4: Void = setfield(d_1, "extra", a_0)
  big_5: Bool = int_gt(a_0, 2)
  if big_5 then block2(b_2, id1_3, a_0) else block1(id1_3)
block1(x_6: Signed):
  return x_6
block2(b2_7: Ptr(base), id1_8: Signed, a_9: Signed):
  d2_10: Ptr(derived) = cast_pointer(Ptr(derived), b2_7)
  v_11: Void = setfield(<o>, "id", a_9)
  id4_12: Signed = getfield(b2_7, "id")
  s1_13: Signed = int_add(id1_8, a_9)
  s2_14: Signed = int_add(s1_13, id1_8)
  s3_15: Signed = int_add(s2_14, id4_12)
  return s3_15
