# passes: mallocremoval, constfold, dce
# run: 6
# An object that a link passes twice (here as itself and cast to its base) stays: the two input
# arguments would each get the fields, and a store through one would not be seen through the other.
struct base gc { id: Signed }
struct derived gc { super: base, extra: Signed }
graph f(a: Signed) -> Signed
block0(a: Signed):
  d: Ptr(derived) = malloc(derived)
  setfield(d, "extra", a)
  b: Ptr(base) = cast_pointer(Ptr(base), d)
  setfield(b, "id", 7)
  isnull = ptr_iszero(d)
  if isnull then return -1 else use(d, b)
use(d: Ptr(derived), b: Ptr(base)):
  id: Signed = getfield(b, "id")
  extra: Signed = getfield(d, "extra")
  r = int_add(id, extra)
  return r
==== optimized
graph f(a_0: Signed) -> Signed
block0(a_0: Signed):
  d_1: Ptr(derived) = malloc(derived)
  v_2: Void = setfield(d_1, "extra", a_0)
  b_3: Ptr(base) = cast_pointer(Ptr(base), d_1)
  v_4: Void = setfield(b_3, "id", 7)
  isnull_5: Bool = ptr_iszero(d_1)
  if isnull_5 then return -1 else block1(d_1, b_3)
block1(d_6: Ptr(derived), b_7: Ptr(base)):
  id_8: Signed = getfield(b_7, "id")
  extra_9: Signed = getfield(d_6, "extra")
  r_10: Signed = int_add(id_8, extra_9)
  return r_10
