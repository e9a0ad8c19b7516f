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
  length_14 = getattr(item_13, "length")  @26:25
  v_15 = lt(c_12, length_14)  @26:21
  if v_15 then block4(grid_8, wanted_9, found_10, r_11, c_12) else block3(grid_8, wanted_9, found_10, r_11)
block3(grid_16, wanted_17, found_18, r_19):
  old_20 = pos(r_19)  @25:43
  v_21 = add(old_20, 1)  @25:43
  goto block1(grid_16, wanted_17, found_18, v_21)
block4(grid_22, wanted_23, found_24, r_25, c_26):
  item_27 = getitem(grid_22, r_25)  @27:11
  item_28 = getitem(item_27, c_26)  @27:11
  v_29 = eq(item_28, wanted_23)  @27:11
  if v_29 then return r_25 else block5(grid_22, wanted_23, found_24, r_25, c_26)
block5(grid_30, wanted_31, found_32, r_33, c_34):
  item_35 = getitem(grid_30, r_33)  @31:11
  item_36 = getitem(item_35, c_34)  @31:11
  v_37 = lt(item_36, 0)  @31:11
  if v_37 then block3(grid_30, wanted_31, found_32, r_33) else block6(grid_30, wanted_31, found_32, r_33, c_34)
block6(grid_38, wanted_39, found_40, r_41, c_42):
  old_43 = pos(c_42)  @26:42
  v_44 = add(old_43, 1)  @26:42
  goto block2(grid_38, wanted_39, found_40, r_41, v_44)
*/
