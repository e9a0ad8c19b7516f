# passes: mallocremoval, constfold, dce
# run: 1
# Comparisons of a removed object with anything outside its lifetime are known: not equal to
# another object, not null; they fold once the object is gone.
struct cell gc { v: Signed }
prebuilt <other>: cell = { v: 9 }
graph f(a: Signed) -> Signed
block0(a: Signed):
  c: Ptr(cell) = malloc(cell)
  setfield(c, "v", a)
  same = ptr_ne(c, null)
  diff = ptr_eq(c, <other>)
  s = cast_bool_to_int(same)
  d = cast_bool_to_int(diff)
  v: Signed = getfield(c, "v")
  t = int_add(s, d)
  r = int_add(t, v)
  return r
==== optimized
graph f(a_0: Signed) -> Signed
block0(a_0: Signed):
  r_1: Signed = int_add(1, a_0)
  return r_1
