/**
 * The LL passes' names in the order they run (passes.ts checks that LL_PASSES has exactly these):
 * apart so that the CLI can list them in its --help without loading the passes themselves.
 */

export const LL_PASS_NAMES: readonly string[] = [
  "jit-portal",
  "string-builders",
  "inline",
  "constfold",
  "dce",
  "malloc-removal",
  "constfold-again",
  "dce-again",
  "load-cse",
  "dce-after-cse",
  "intbounds",
  "native-ops",
  "stack-checks",
  "exceptions",
  "gc",
];

/** Why a pass name cannot be used, for the user; undefined when it names a pass. */
export function unknownPassMessage(name: string): string | undefined {
  if (LL_PASS_NAMES.includes(name)) return undefined;
  return `unknown pass '${name}'; the passes are, in order: ${LL_PASS_NAMES.join(", ")}`;
}
