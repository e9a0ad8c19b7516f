# passes: constfold
# run: 0
# Special floats fold as JavaScript computes them and print so that they parse back: pow with a
# base of 1 and an infinite exponent is NaN, ToInt32 of NaN is 0, of 2^32 + 5.5 is 5.
graph f(a: Signed) -> Float
block0(a: Signed):
  p = float_pow(1.0, Infinity)
  z = float_to_int32(p)
  w = float_to_int32(4294967301.5)
  n = float_neg(0.0)
  s = int_add(z, w)
  t = int_add(s, a)
  ft = cast_int_to_float(t)
  r = float_add(ft, n)
  isnan = float_ne(p, p)
  if isnan then done(r, p) else done(r, 0.0)
done(x: Float, q: Float):
  y = float_add(x, q)
  return y
==== optimized
graph f(a_0: Signed) -> Float
block0(a_0: Signed):
  t_1: Signed = int_add(5, a_0)
  ft_2: Float = cast_int_to_float(t_1)
  r_3: Float = float_add(ft_2, -0.0)
  goto block1(r_3)
block1(x_4: Float):
  y_5: Float = float_add(x_4, NaN)
  return y_5
