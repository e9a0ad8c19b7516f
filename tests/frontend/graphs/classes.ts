class Shape {
  name: string;
  sides = 0;
  constructor(name: string) {
    this.name = name;
  }
  describe(): string {
    return `${this.name} with ${this.sides} sides`;
  }
  static unit(): Shape {
    return new Shape("unit");
  }
}

class Square extends Shape {
  size: number;
  corners = 4;
  constructor(size: number) {
    super("square");
    this.size = size;
  }
  override describe(): string {
    return super.describe() + ` of size ${this.size}`;
  }
}

class Tagged extends Square {
  tag = "t";
}

export function make(): string {
  return new Tagged(2).describe() + Shape.unit().name;
}
/* ==== graph
graph Shape.constructor(this, name)  @4:3
block0(this_0, name_1):
  v_2 = setattr(this_0, "sides", 0)  @3:3
  v_3 = setattr(this_0, "name", name_1)  @5:5
  return undefined
graph Shape.describe(this)  @7:3
block0(this_0):
  name_1 = getattr(this_0, "name")  @8:15
  str_2 = to_string(name_1)  @8:15
  str_3 = add("", str_2)  @8:12
  str_4 = add(str_3, " with ")  @8:12
  sides_5 = getattr(this_0, "sides")  @8:33
  str_6 = to_string(sides_5)  @8:33
  str_7 = add(str_4, str_6)  @8:12
  str_8 = add(str_7, " sides")  @8:12
  return str_8
graph Shape.unit()  @10:3
block0():
  new_0 = new(<class Shape>, "unit")  @11:12
  return new_0
graph Square.constructor(this, size)  @18:3
block0(this_0, size_1):
  v_2 = super_call(this_0, <class Shape>, "square")  @19:5
  v_3 = setattr(this_0, "corners", 4)  @17:3
  v_4 = setattr(this_0, "size", size_1)  @20:5
  return undefined
graph Square.describe(this)  @22:12
block0(this_0):
  result_1 = super_method(this_0, <class Shape>, "describe")  @23:12
  size_2 = getattr(this_0, "size")  @23:43
  str_3 = to_string(size_2)  @23:43
  str_4 = add(" of size ", str_3)  @23:31
  v_5 = add(result_1, str_4)  @23:12
  return v_5
graph Tagged.constructor(this, size)  @27:1
block0(this_0, size_1):
  v_2 = super_call(this_0, <class Square>, size_1)  @27:1
  v_3 = setattr(this_0, "tag", "t")  @28:3
  return undefined
graph classes.make()  @31:8
block0():
  new_0 = new(<class Tagged>, 2)  @32:10
  result_1 = call_method(new_0, "describe")  @32:10
  result_2 = call_method(<class Shape>, "unit")  @32:37
  name_3 = getattr(result_2, "name")  @32:37
  v_4 = add(result_1, name_3)  @32:10
  return v_4
*/
