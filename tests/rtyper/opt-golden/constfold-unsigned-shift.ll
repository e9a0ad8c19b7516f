# passes: constfold
# run: 0
# Shifts fold as the LL interpreter computes them on 64-bit integers: the unsigned right shift
# of -1, the arithmetic one, and JavaScript's 32-bit conversions.
graph f(a: Signed) -> Signed
block0(a: Signed):
  u = uint_rshift(-1, 60)
  s = int_rshift(-16, 2)
  w = int_to_uint32(-1)
  t = int_add(u, s)
  x = int_add(t, w)
  r = int_add(x, a)
  return r
==== optimized
graph f(a_0: Signed) -> Signed
block0(a_0: Signed):
  r_1: Signed = int_add(4294967306, a_0)
  return r_1
