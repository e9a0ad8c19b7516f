# passes: constfold
# run: 1
# An operation that may fail folds only when it does not fail here: int_mul_ovf(5, 4) folds,
# int_add_ovf past 2^53 stays, to stop the program at its own position at run time.
graph f(a: Signed) -> Signed
block0(a: Signed):
  twenty = int_mul_ovf(5, 4)  @1:1
  big = int_add_ovf(9007199254740991, twenty)  @2:5
  r = int_add(a, big)
  return r
==== optimized
graph f(a_0: Signed) -> Signed
block0(a_0: Signed):
  big_1: Signed = int_add_ovf(9007199254740991, 20)  @2:5
  r_2: Signed = int_add(a_0, big_1)
  return r_2
