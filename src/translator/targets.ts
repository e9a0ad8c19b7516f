/**
 * A `Target` (src/backend/target.ts) by the name `rts translate --target` gives it: the drivers
 * pick one here, so that no stage below them imports a target.
 */

import type { Target } from "../backend/target.js";
import { aarch64Target } from "../backend-arm/target.js";
import { x86_64Target } from "../backend-x86/target.js";
import type { TargetName } from "./target-names.js";

export function targetFor(name: TargetName): Target {
  switch (name) {
    case "x86-64":
      return x86_64Target();
    case "aarch64":
      return aarch64Target();
  }
}
