export function sum(n: number): number {
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (i % 3 === 0) continue;
    if (total > 100) break;
    total += i;
  }
  return total;
}

export function countdown(n: number): number {
  let steps = 0;
  while (n > 0) {
    n--;
    steps++;
  }
  do {
    steps--;
  } while (steps > 10);
  return steps;
}

export function search(grid: number[][], wanted: number): number {
  let found = -1;
  outer: for (let r = 0; r < grid.length; r++) {
    for (let c = 0; c < grid[r]!.length; c++) {
      if (grid[r]![c] === wanted) {
        found = r;
        break outer;
      }
      if (grid[r]![c]! < 0) continue outer;
    }
  }
  return found;
}
/* ==== graph
graph loops.sum(n)  @1:8
block0(n_0):
  goto block1(n_0, 0, 0)
block1(n_1, total_2, i_3):
  v_4 = lt(i_3, n_1)  @3:19
  if v_4 then block2(n_1, total_2, i_3) else return total_2
block2(n_5, total_6, i_7):
  v_8 = mod(i_7, 3)  @4:9
  v_9 = eq(v_8, 0)  @4:9
  if v_9 then block5(n_5, total_6, i_7) else block3(n_5, total_6, i_7)
block3(n_10, total_11, i_12):
  v_13 = gt(total_11, 100)  @5:9
  if v_13 then return total_11 else block4(n_10, total_11, i_12)
block4(n_14, total_15, i_16):
  v_17 = add(total_15, i_16)  @6:5
  goto block5(n_14, v_17, i_16)
block5(n_18, total_19, i_20):
  old_21 = pos(i_20)  @3:26
  v_22 = add(old_21, 1)  @3:26
  goto block1(n_18, total_19, v_22)
graph loops.countdown(n)  @11:8
block0(n_0):
  goto block1(n_0, 0)
block1(n_1, steps_2):
  v_3 = gt(n_1, 0)  @13:10
  if v_3 then block3(n_1, steps_2) else block2(steps_2)
block2(steps_4):
  old_5 = pos(steps_4)  @18:5
  v_6 = sub(old_5, 1)  @18:5
  v_7 = gt(v_6, 10)  @19:12
  if v_7 then block2(v_6) else return v_6
block3(n_8, steps_9):
  old_10 = pos(n_8)  @14:5
  v_11 = sub(old_10, 1)  @14:5
  old_12 = pos(steps_9)  @15:5
  v_13 = add(old_12, 1)  @15:5
  goto block1(v_11, v_13)
graph loops.search(grid, wanted)  @23:8
block0(grid_0, wanted_1):
  goto block1(grid_0, wanted_1, -1, 0)
block1(grid_2, wanted_3, found_4, r_5):
  length_6 = getattr(grid_2, "length")  @25:30
  v_7 = lt(r_5, length_6)  @25:26
  if v_7 then block2(grid_2, wanted_3, found_4, r_5, 0) else return found_4
block2(grid_8, wanted_9, found_10, r_11, c_12):
  item_13 = getitem(grid_8, r_11)  @26:25
  item_14 = non_null(item_13)  @26:25
  length_15 = getattr(item_14, "length")  @26:25
  v_16 = lt(c_12, length_15)  @26:21
  if v_16 then block4(grid_8, wanted_9, found_10, r_11, c_12) else block3(grid_8, wanted_9, found_10, r_11)
block3(grid_17, wanted_18, found_19, r_20):
  old_21 = pos(r_20)  @25:43
  v_22 = add(old_21, 1)  @25:43
  goto block1(grid_17, wanted_18, found_19, v_22)
block4(grid_23, wanted_24, found_25, r_26, c_27):
  item_28 = getitem(grid_23, r_26)  @27:11
  item_29 = non_null(item_28)  @27:11
  item_30 = getitem(item_29, c_27)  @27:11
  v_31 = eq(item_30, wanted_24)  @27:11
  if v_31 then return r_26 else block5(grid_23, wanted_24, found_25, r_26, c_27)
block5(grid_32, wanted_33, found_34, r_35, c_36):
  item_37 = getitem(grid_32, r_35)  @31:11
  item_38 = non_null(item_37)  @31:11
  item_39 = getitem(item_38, c_36)  @31:11
  item_40 = non_null(item_39)  @31:11
  v_41 = lt(item_40, 0)  @31:11
  if v_41 then block3(grid_32, wanted_33, found_34, r_35) else block6(grid_32, wanted_33, found_34, r_35, c_36)
block6(grid_42, wanted_43, found_44, r_45, c_46):
  old_47 = pos(c_46)  @26:42
  v_48 = add(old_47, 1)  @26:42
  goto block2(grid_42, wanted_43, found_44, r_45, v_48)
*/
