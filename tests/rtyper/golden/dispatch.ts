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
  id_3: Signed = getfield(vtable_2, "subclassrange_min")  @31:17
  v_4: Bool = int_between(1, id_3, 2)  @31:17
  if v_4 then block1(1, shape_0) else block1(0, shape_0)
block1(ternary_5: Signed, shape_6: Ptr(inst_Shape)):
  obj_7: Ptr(object) = cast_pointer(Ptr(object), shape_6)  @32:10
  typeptr_8: Ptr(object_vtable) = getfield(obj_7, "typeptr")  @32:10
  vtable_9: Ptr(vtable_Shape) = cast_pointer(Ptr(vtable_Shape), typeptr_8)  @32:10
  area_10: Ptr(Func(Ptr(inst_Shape)) -> Signed) = getfield(vtable_9, "m_area")  @32:10
  result_11: Signed = indirect_call(area_10, shape_6)  @32:16
  v_12: Signed = int_add_ovf(result_11, ternary_5)  @32:10
  return v_12
*/
