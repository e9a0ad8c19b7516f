# passes: mallocremoval
# run: true; false
# A lifetime that null flows into (a variable that is an object on one path and null on the
# other) is not removed: its only sources must be mallocs.
struct cell gc { v: Signed }
graph f(c: Bool) -> Signed
block0(c: Bool):
  p: Ptr(cell) = malloc(cell)
  setfield(p, "v", 4)
  if c then join(p) else join(null)
join(q: Ptr(cell)):
  z = ptr_iszero(q)
  if z then return 0 else read(q)
read(q: Ptr(cell)):
  v: Signed = getfield(q, "v")
  return v
==== optimized
graph f(c_0: Bool) -> Signed
block0(c_0: Bool):
  p_1: Ptr(cell) = malloc(cell)
  v_2: Void = setfield(p_1, "v", 4)
  if c_0 then block1(p_1) else block1(null)
block1(q_3: Ptr(cell)):
  z_4: Bool = ptr_iszero(q_3)
  if z_4 then return 0 else block2(q_3)
block2(q_5: Ptr(cell)):
  v_6: Signed = getfield(q_5, "v")
  return v_6
