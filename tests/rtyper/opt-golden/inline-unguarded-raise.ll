# passes: inline
# run: 2; 5
# At a call the caller does not guard, a raise of the inlined callee is a raise of the caller.
prebuilt <err>: object = {}
graph unguarded(n: Signed) -> Signed
block0(n: Signed):
  r: Signed = direct_call(<fn checked>, n)
  s = int_mul(r, 2)
  return s
graph checked(n: Signed) -> Signed
block0(n: Signed):
  bad = int_gt(n, 3)
  if bad then raise <err> else return n
==== optimized
graph unguarded(n_0: Signed) -> Signed
block0(n_0: Signed):
  goto block1(n_0)
block1(n_1: Signed):
  bad_2: Bool = int_gt(n_1, 3)
  if bad_2 then raise <err> else block2(n_1)
block2(r_3: Signed):
  s_4: Signed = int_mul(r_3, 2)
  return s_4
graph checked(n_0: Signed) -> Signed
block0(n_0: Signed):
  bad_1: Bool = int_gt(n_0, 3)
  if bad_1 then raise <err> else return n_0
