# passes: inline
# run: 3
# A callee holding a JIT marker (the JIT's portal) is never inlined: it stays a graph of its own.
graph f(a: Signed) -> Signed
block0(a: Signed):
  r: Signed = direct_call(<fn portal>, a)
  s: Signed = direct_call(<fn loop>, r)
  return s
graph portal(n: Signed) -> Signed
block0(n: Signed):
  jit_merge_point("driver", 1, n)
  m = int_add(n, 1)
  return m
graph loop(n: Signed) -> Signed
block0(n: Signed):
  can_enter_jit("driver", 1, n)
  m = int_add(n, 1)
  return m
==== optimized
graph f(a_0: Signed) -> Signed
block0(a_0: Signed):
  r_1: Signed = direct_call(<fn portal>, a_0)
  s_2: Signed = direct_call(<fn loop>, r_1)
  return s_2
graph portal(n_0: Signed) -> Signed
block0(n_0: Signed):
  v_1: Void = jit_merge_point("driver", 1, n_0)
  m_2: Signed = int_add(n_0, 1)
  return m_2
graph loop(n_0: Signed) -> Signed
block0(n_0: Signed):
  v_1: Void = can_enter_jit("driver", 1, n_0)
  m_2: Signed = int_add(n_0, 1)
  return m_2
