# passes: constfold
# Operations with effects never fold, even on constants: a store into a prebuilt object and a
# call of a function with constant arguments stay; the arithmetic around them folds.
struct counter gc { n: Signed }
prebuilt <total>: counter = { n: 0 }
func log(Signed) -> Void
graph f() -> Void
block0():
  k = int_add(1, 2)
  setfield(<total>, "n", k)
  v: Void = direct_call(<fn log>, k)
  return void
==== optimized
graph f() -> Void
block0():
  v_0: Void = setfield(<total>, "n", 3)
  v_1: Void = direct_call(<fn log>, 3)
  return void
