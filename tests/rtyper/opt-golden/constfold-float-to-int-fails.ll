# passes: constfold
# run: 1
# cast_float_to_int of a float that is not an integer stops the program: it stays; the float
# arithmetic before it folds, and infinities print and parse.
graph f(a: Signed) -> Signed
block0(a: Signed):
  x = float_add(2.0, 0.5)
  inf = float_truediv(1.0, 0.0)
  big = float_lt(x, inf)
  n = cast_float_to_int(x)  @7:3
  b = cast_bool_to_int(big)
  s = int_add(n, b)
  r = int_add(s, a)
  return r
==== optimized
graph f(a_0: Signed) -> Signed
block0(a_0: Signed):
  n_1: Signed = cast_float_to_int(2.5)  @7:3
  s_2: Signed = int_add(n_1, 1)
  r_3: Signed = int_add(s_2, a_0)
  return r_3
