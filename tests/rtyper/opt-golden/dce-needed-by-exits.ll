# passes: dce
# run: 1; -1
# Values an exitswitch switches on and values a link passes to the final blocks are needed:
# the comparison and the raised object stay, the unused negation goes.
prebuilt <err>: object = {}
graph f(a: Signed) -> Signed
block0(a: Signed):
  neg = int_neg(a)
  bad = int_lt(a, 0)
  if bad then fail() else return a
fail():
  e: Ptr(object) = same_as(<err>)
  raise e
==== optimized
graph f(a_0: Signed) -> Signed
block0(a_0: Signed):
  bad_1: Bool = int_lt(a_0, 0)
  if bad_1 then block1() else return a_0
block1():
  e_2: Ptr(object) = same_as(<err>)
  raise e_2
