# passes: constfold
# run: 3
# A constant switch value that no case names takes the default exit.
graph h(a: Signed) -> Signed
block0(a: Signed):
  k = int_add(5, 2)
  switch k:
    1 -> one(a)
    2 -> one(a)
    default -> return a
one(x: Signed):
  r = int_mul(x, 10)
  return r
==== optimized
graph h(a_0: Signed) -> Signed
block0(a_0: Signed):
  return a_0
