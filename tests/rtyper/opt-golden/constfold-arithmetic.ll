# passes: constfold
# run: 1; -3
# Pure operations over constants are computed, and what they compute feeds the next ones.
graph f(a: Signed) -> Signed
block0(a: Signed):
  five = int_add(2, 3)
  twenty = int_mul(five, 4)
  mask = int_and(twenty, 7)
  shifted = int_lshift(mask, 2)
  r = int_add(a, shifted)
  return r
==== optimized
graph f(a_0: Signed) -> Signed
block0(a_0: Signed):
  r_1: Signed = int_add(a_0, 16)
  return r_1
