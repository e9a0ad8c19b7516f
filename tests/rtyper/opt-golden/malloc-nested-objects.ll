# passes: mallocremoval, dce
# run: 5
# An object stored only in an object that is removed is removed too (in the next round): the
# inner object's fields become variables as well.
struct inner gc { v: Signed }
struct outer gc { child: Ptr(inner) }
graph f(a: Signed) -> Signed
block0(a: Signed):
  i: Ptr(inner) = malloc(inner)
  setfield(i, "v", a)
  o: Ptr(outer) = malloc(outer)
  setfield(o, "child", i)
  c: Ptr(inner) = getfield(o, "child")
  r: Signed = getfield(c, "v")
  return r
==== optimized
graph f(a_0: Signed) -> Signed
block0(a_0: Signed):
  return a_0
