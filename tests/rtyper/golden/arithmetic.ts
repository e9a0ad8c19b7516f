// Integer arithmetic checks overflow beyond 2^53 (the _ovf operations); an int meeting a float
// is converted; bit operations work on 32 bits; division is always a float division.

function example(a: number, b: number): number {
  const sum = a + b * 3;
  const mixed = sum / 2 + 0.5;
  const bits = (a << 3) ^ (b >>> 1) & 0xff;
  return Math.floor(mixed) + bits;
}

export function main(argv: string[]): number {
  return example(argv.length, 7);
}
/* ==== lltype
graph example(a_0: Signed, b_1: Signed) -> Signed
block0(a_0: Signed, b_1: Signed):
  v_2: Signed = int_mul_ovf(b_1, 3)  @5:19
  v_3: Signed = int_add_ovf(a_0, v_2)  @5:15
  f_4: Float = cast_int_to_float(v_3)  @6:17
  v_5: Float = float_truediv(f_4, 2.0)  @6:17
  v_6: Float = float_add(v_5, 0.5)  @6:17
  v_7: Signed = int_to_int32(3)  @7:17
  v_8: Signed = int_and(v_7, 31)  @7:17
  v_9: Signed = int_to_int32(a_0)  @7:17
  v_10: Signed = int32_lshift(v_9, v_8)  @7:17
  v_11: Signed = int_to_int32(1)  @7:28
  v_12: Signed = int_and(v_11, 31)  @7:28
  v_13: Signed = int_to_int32(b_1)  @7:28
  v_14: Signed = int_to_uint32(v_13)  @7:28
  v_15: Signed = uint_rshift(v_14, v_12)  @7:28
  v_16: Signed = int_to_int32(v_15)  @7:27
  v_17: Signed = int_to_int32(255)  @7:27
  v_18: Signed = int_and(v_16, v_17)  @7:27
  v_19: Signed = int_to_int32(v_10)  @7:16
  v_20: Signed = int_to_int32(v_18)  @7:16
  v_21: Signed = int_xor(v_19, v_20)  @7:16
  v_22: Float = float_floor(v_6)  @8:10
  result_23: Signed = cast_float_to_int(v_22)  @8:10
  v_24: Signed = int_add_ovf(result_23, v_21)  @8:10
  return v_24
*/
