# passes: dce
# run: 3
# Unused pure operations and unused reads go; an unused operation that may fail (int_add_ovf)
# and a store stay: removing them would change what the program does.
struct box gc { value: Signed }
prebuilt <b>: box = { value: 1 }
graph f(a: Signed) -> Signed
block0(a: Signed):
  unused = int_mul(a, a)
  read: Signed = getfield(<b>, "value")
  checked = int_add_ovf(a, 1)  @3:7
  setfield(<b>, "value", a)
  r = int_add(a, 2)
  return r
==== optimized
graph f(a_0: Signed) -> Signed
block0(a_0: Signed):
  checked_1: Signed = int_add_ovf(a_0, 1)  @3:7
  v_2: Void = setfield(<b>, "value", a_0)
  r_3: Signed = int_add(a_0, 2)
  return r_3
