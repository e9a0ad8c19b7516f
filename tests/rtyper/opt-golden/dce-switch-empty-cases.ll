# passes: dce
# run: 1; 2; 7
# The empty blocks a switch's cases go through are skipped: each case links straight to where
# its block went, with the values it passed.
graph f(k: Signed) -> Signed
block0(k: Signed):
  switch k:
    1 -> one(k)
    2 -> two(k)
    default -> other(k)
one(x: Signed):
  goto join(x, 10)
two(x: Signed):
  goto join(x, 20)
other(x: Signed):
  goto join(x, 0)
join(x: Signed, base: Signed):
  r = int_add(x, base)
  return r
==== optimized
graph f(k_0: Signed) -> Signed
block0(k_0: Signed):
  switch k_0:
    1 -> block1(k_0, 10)
    2 -> block1(k_0, 20)
    default -> block1(k_0, 0)
block1(x_1: Signed, base_2: Signed):
  r_3: Signed = int_add(x_1, base_2)
  return r_3
