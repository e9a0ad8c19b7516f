# passes: constfold, dce
# run: 4
# The JIT markers are effects: on constants they stay, unused they stay, and nothing moves them.
# rts.weAreJitted() folds to false (backendopt optimises ahead-of-time code only), and the
# branch it decides goes with it.
graph f(a: Signed) -> Signed
block0(a: Signed):
  k = int_add(1, 2)
  jit_merge_point("driver", 1, k, a)
  j: Bool = jit_we_are_jitted()
  if j then jitted(a) else interpreted(a)
jitted(x: Signed):
  y = int_add(x, 100)
  return y
interpreted(x: Signed):
  can_enter_jit("driver", 1, 7, x)
  y = int_add(x, 1)
  return y
==== optimized
graph f(a_0: Signed) -> Signed
block0(a_0: Signed):
  v_1: Void = jit_merge_point("driver", 1, 3, a_0)
  v_2: Void = can_enter_jit("driver", 1, 7, a_0)
  y_3: Signed = int_add(a_0, 1)
  return y_3
