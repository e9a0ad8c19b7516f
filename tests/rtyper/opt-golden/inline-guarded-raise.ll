# passes: inline
# run: 2; 5
# At a call the caller guards (ok/catch), a raise of the inlined callee becomes a jump to the
# caller's handler, with the exception in the place of the caught value.
prebuilt <err>: object = {}
graph guarded(n: Signed) -> Signed
block0(n: Signed):
  r: Signed = direct_call(<fn checked>, n)
  ok -> return r
  catch e -> return -1
graph checked(n: Signed) -> Signed
block0(n: Signed):
  bad = int_gt(n, 3)
  if bad then raise <err> else fine(n)
fine(n: Signed):
  r = int_add(n, 3)
  return r
==== optimized
graph guarded(n_0: Signed) -> Signed
block0(n_0: Signed):
  goto block1(n_0)
block1(n_1: Signed):
  bad_2: Bool = int_gt(n_1, 3)
  if bad_2 then block4(<err>) else block2(n_1)
block2(n_3: Signed):
  r_4: Signed = int_add(n_3, 3)
  goto block3(r_4)
block3(r_5: Signed):
  return r_5
block4(exc_6: Ptr(object)):
  return -1
graph checked(n_0: Signed) -> Signed
block0(n_0: Signed):
  bad_1: Bool = int_gt(n_0, 3)
  if bad_1 then raise <err> else block1(n_0)
block1(n_2: Signed):
  r_3: Signed = int_add(n_2, 3)
  return r_3
