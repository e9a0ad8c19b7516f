# passes: constfold
# run: 3
# An input argument that every link passes the same constant becomes that constant, and a
# switch on it keeps the selected case.
graph h(a: Signed) -> Signed
block0(a: Signed):
  goto dispatch(2, a)
dispatch(m: Signed, b: Signed):
  switch m:
    1 -> one(b)
    2 -> two(b)
    default -> return b
one(x: Signed):
  r = int_mul(x, 10)
  return r
two(x: Signed):
  r = int_mul(x, 20)
  return r
==== optimized
graph h(a_0: Signed) -> Signed
block0(a_0: Signed):
  goto block1(a_0)
block1(b_1: Signed):
  goto block2(b_1)
block2(x_2: Signed):
  r_3: Signed = int_mul(x_2, 20)
  return r_3
