# passes: all
# run: 2; 9
# The whole pipeline on a guarded call: the callee is inlined, its raise goes to the caller's
# handler, and the handler's constant result is all that is left of that path.
prebuilt <err>: object = {}
graph safeDiv(n: Signed) -> Signed
block0(n: Signed):
  r: Signed = direct_call(<fn checked>, n)
  ok -> return r
  catch e -> return -1
graph checked(n: Signed) -> Signed
block0(n: Signed):
  small = int_lt(n, 5)
  if small then ok(n) else raise <err>
ok(n: Signed):
  q = int_floordiv(100, n)  @3:10
  return q
==== optimized
graph safeDiv(n_0: Signed) -> Signed
block0(n_0: Signed):
  small_1: Bool = int_lt(n_0, 5)
  if small_1 then block1(n_0) else return -1
block1(n_2: Signed):
  q_3: Signed = int_floordiv(100, n_2)  @3:10
  return q_3
graph checked(n_0: Signed) -> Signed
block0(n_0: Signed):
  small_1: Bool = int_lt(n_0, 5)
  if small_1 then block1(n_0) else raise <err>
block1(n_2: Signed):
  q_3: Signed = int_floordiv(100, n_2)  @3:10
  return q_3
