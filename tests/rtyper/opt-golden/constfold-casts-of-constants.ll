# passes: constfold
# The run would stop at the null check: no run.
# A cast of a constant pointer propagates as the constant seen through the new type, and a null
# check of a prebuilt object (a Void identity test) passes and folds; the check of null stays.
struct base gc { id: Signed }
struct derived gc { super: base, extra: Signed }
prebuilt <d>: derived = { id: 4, extra: 5 }
graph f() -> Signed
block0():
  b: Ptr(base) = cast_pointer(Ptr(base), <d>)
  check_nonnull(b)  @2:1
  check_nonnull(null: Ptr(base))  @3:1
  id: Signed = getfield(b, "id")
  return id
==== optimized
graph f() -> Signed
block0():
  v_0: Void = check_nonnull(null: Ptr(base))  @3:1
  id_1: Signed = getfield(<d>, "id")
  return id_1
