# passes: constfold
# run: true; false
# An input argument that links pass different constants is not a constant: nothing folds.
graph f(c: Bool) -> Signed
block0(c: Bool):
  if c then join(1) else join(2)
join(k: Signed):
  r = int_mul(k, 10)
  return r
==== optimized
graph f(c_0: Bool) -> Signed
block0(c_0: Bool):
  if c_0 then block1(1) else block1(2)
block1(k_1: Signed):
  r_2: Signed = int_mul(k_1, 10)
  return r_2
