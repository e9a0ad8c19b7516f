# passes: constfold
# run: ()
# Issue 20: memory is never folded, not even a field of a prebuilt object read through a
# constant pointer, whatever the result type (Bool fields were folded): the object's fields and
# items change at run time. The pure operation on the reads' results stays too.
struct flags gc { verbose: Bool, count: Signed }
array bits gc of Bool
prebuilt <flags>: flags = { verbose: false, count: 3 }
prebuilt <bits>: bits = [false, true]
graph reads() -> Signed
block0():
  verbose: Bool = getfield(<flags>, "verbose")
  count: Signed = getfield(<flags>, "count")
  bit: Bool = getarrayitem(<bits>, 1)
  n = getarraylength(<bits>)
  either = bool_or(verbose, bit)
  e = cast_bool_to_int(either)
  s = int_add(count, n)
  r = int_add(s, e)
  return r
==== optimized
graph reads() -> Signed
block0():
  verbose_0: Bool = getfield(<flags>, "verbose")
  count_1: Signed = getfield(<flags>, "count")
  bit_2: Bool = getarrayitem(<bits>, 1)
  n_3: Signed = getarraylength(<bits>)
  either_4: Bool = bool_or(verbose_0, bit_2)
  e_5: Signed = cast_bool_to_int(either_4)
  s_6: Signed = int_add(count_1, n_3)
  r_7: Signed = int_add(s_6, e_5)
  return r_7
