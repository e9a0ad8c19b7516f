# passes: constfold
# run: 4
# A comparison of constants folds, and the exitswitch that became a constant keeps the exit it
# selects: the other branch is no longer part of the graph.
graph f(a: Signed) -> Signed
block0(a: Signed):
  t = int_lt(3, 4)
  if t then small(a) else large(a)
small(x: Signed):
  r = int_mul(x, 2)
  return r
large(y: Signed):
  r = int_mul(y, 3)
  return r
==== optimized
graph f(a_0: Signed) -> Signed
block0(a_0: Signed):
  goto block1(a_0)
block1(x_1: Signed):
  r_2: Signed = int_mul(x_1, 2)
  return r_2
