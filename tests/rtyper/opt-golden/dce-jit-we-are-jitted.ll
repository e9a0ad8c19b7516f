# passes: dce
# run: 4
# Without constfold, rts.weAreJitted() stays an operation (the LL interpreter says false); unused, it goes.
graph f(a: Signed) -> Signed
block0(a: Signed):
  unused: Bool = jit_we_are_jitted()
  j: Bool = jit_we_are_jitted()
  if j then jitted(a) else interpreted(a)
jitted(x: Signed):
  y = int_add(x, 100)
  return y
interpreted(x: Signed):
  y = int_add(x, 1)
  return y
==== optimized
graph f(a_0: Signed) -> Signed
block0(a_0: Signed):
  j_1: Bool = jit_we_are_jitted()
  if j_1 then block2(a_0) else block1(a_0)
block1(x_2: Signed):
  y_3: Signed = int_add(x_2, 1)
  return y_3
block2(x_4: Signed):
  y_5: Signed = int_add(x_4, 100)
  return y_5
