# passes: constfold
# run: 7
# Copies of constants (same_as) propagate into their uses, and chars and floats fold as the LL
# interpreter computes them.
graph f(a: Signed) -> Signed
block0(a: Signed):
  c: Char = same_as(65)
  code = cast_char_to_int(c)
  half = float_truediv(1.0, 4.0)
  big = float_mul(half, 8.0)
  t = float_gt(big, 1.5)
  n = cast_bool_to_int(t)
  s = int_add(code, n)
  r = int_add(s, a)
  return r
==== optimized
graph f(a_0: Signed) -> Signed
block0(a_0: Signed):
  r_1: Signed = int_add(66, a_0)
  return r_1
