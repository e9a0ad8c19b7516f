// A prebuilt object's string and char fields changed at run time: by a direct store, a method
// and a store through another prebuilt object that refers to it.

class Label {
  text = "initial";
  mark = "a";
  rename(text: string): void {
    this.text = text;
  }
}

class Holder {
  label: Label;
  constructor(label: Label) {
    this.label = label;
  }
}

const label = new Label();
const holder = new Holder(label);

export function main(argv: string[]): number {
  console.log(label.text, label.mark);
  label.text = argv.length > 1 ? argv[2]! : "none";
  label.mark = argv.length > 1 ? "b" : "c";
  console.log(label.text, label.mark, label.text.length);
  label.rename(label.text + "!");
  console.log(label.text);
  holder.label.text = `${holder.label.text}/${label.mark}`;
  holder.label.mark = "z";
  console.log(label.text, label.mark === "z", label.text === "initial");
  if (label.mark === "a") console.log("still a");
  return label.text.length;
}
/* ==== annotate
prebuilt-mutation-string.ts:4 class Label
  mark: char
  text: string
prebuilt-mutation-string.ts:7 Label.rename(text: string) -> void
prebuilt-mutation-string.ts:12 class Holder
  label: Label
prebuilt-mutation-string.ts:22 main(argv: string[]) -> int
*/
