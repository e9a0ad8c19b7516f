# passes: dce
# run: 5
# Input arguments that every link passes the same value are one: the second is renamed to the
# first and goes (inlining makes them: `this` and the value of `new`).
graph f(a: Signed) -> Signed
block0(a: Signed):
  c = int_lt(a, 10)
  if c then join(a, a, 1) else join(a, a, 2)
join(x: Signed, y: Signed, k: Signed):
  s = int_add(x, y)
  r = int_mul(s, k)
  return r
==== optimized
graph f(a_0: Signed) -> Signed
block0(a_0: Signed):
  c_1: Bool = int_lt(a_0, 10)
  if c_1 then block1(a_0, 1) else block1(a_0, 2)
block1(x_2: Signed, k_3: Signed):
  s_4: Signed = int_add(x_2, x_2)
  r_5: Signed = int_mul(s_4, k_3)
  return r_5
