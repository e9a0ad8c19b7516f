# passes: mallocremoval, constfold, dce
# run: 6
# A subclass instance nests its base's struct first: a cast to the base and the base's fields
# are part of the object's lifetime, and a null test of it is false.
struct base gc { id: Signed }
struct derived gc { super: base, extra: Signed }
graph f(a: Signed) -> Signed
block0(a: Signed):
  d: Ptr(derived) = malloc(derived)
  setfield(d, "extra", a)
  b: Ptr(base) = cast_pointer(Ptr(base), d)
  setfield(b, "id", 7)
  isnull = ptr_iszero(d)
  if isnull then return -1 else use(d)
use(d: Ptr(derived)):
  b: Ptr(base) = cast_pointer(Ptr(base), d)
  id: Signed = getfield(b, "id")
  extra: Signed = getfield(d, "extra")
  r = int_add(id, extra)
  return r
==== optimized
graph f(a_0: Signed) -> Signed
block0(a_0: Signed):
  r_1: Signed = int_add(7, a_0)
  return r_1
