// A method with several implementations is called through the class record; instanceof tests
// the class id range.

abstract class Shape {
  abstract area(): number;
}

class Square extends Shape {
  side: number;
  constructor(side: number) {
    super();
    this.side = side;
  }
  area(): number {
    return this.side * this.side;
  }
}

class Circle extends Shape {
  radius: number;
  constructor(radius: number) {
    super();
    this.radius = radius;
  }
  area(): number {
    return 3 * this.radius * this.radius;
  }
}

function example(shape: Shape): number {
  const extra = shape instanceof Square ? 1 : 0;
  return shape.area() + extra;
}

export function main(argv: string[]): number {
  return example(new Square(argv.length)) + example(new Circle(2));
}
/* ==== lltype
graph example(shape_0: Ptr(inst_Shape)) -> Signed
block0(shape_0: Ptr(inst_Shape)):
  obj_1: Ptr(object) = cast_pointer(Ptr(object), shape_0)  @31:17
  vtable_2: Ptr(object_vtable) = getfield(obj_1, "typeptr")  @31:17
  v_3: Bool = ptr_eq(vtable_2, <vtable_Square>)  @31:17
  if v_3 then block1(1, shape_0) else block1(0, shape_0)
block1(ternary_4: Signed, shape_5: Ptr(inst_Shape)):
  obj_6: Ptr(object) = cast_pointer(Ptr(object), shape_5)  @32:10
  typeptr_7: Ptr(object_vtable) = getfield(obj_6, "typeptr")  @32:10
  vtable_8: Ptr(vtable_Shape) = cast_pointer(Ptr(vtable_Shape), typeptr_7)  @32:10
  area_9: Ptr(Func(Ptr(inst_Shape)) -> Signed) = getfield(vtable_8, "m_area")  @32:10
  result_10: Signed = indirect_call(area_9, shape_5)  @32:16
  v_11: Signed = int_add_ovf(result_10, ternary_4)  @32:10
  return v_11
*/
