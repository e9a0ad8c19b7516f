const SCALE = 3;

function square(x: number): number {
  return x * x;
}

export function compute(a: number, b: number): number {
  const s = square(a + b) * SCALE;
  let t = s - 1;
  t = t / 2;
  return Math.floor(t) % 7;
}
/* ==== graph
graph straight.square(x)  @3:1
block0(x_0):
  v_1 = mul(x_0, x_0)  @4:10
  return v_1
graph straight.compute(a, b)  @7:8
block0(a_0, b_1):
  v_2 = add(a_0, b_1)  @8:20
  result_3 = simple_call(<function square>, v_2)  @8:13
  v_4 = mul(result_3, 3)  @8:13
  v_5 = sub(v_4, 1)  @9:11
  v_6 = div(v_5, 2)  @10:7
  result_7 = call_method(Math, "floor", v_6)  @11:10
  v_8 = mod(result_7, 7)  @11:10
  return v_8
*/
