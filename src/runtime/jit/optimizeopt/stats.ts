/**
 * The optimizer's counters: how often each named rule fired (rewrite's peepholes, pure's
 * sharing, the heap's cache hits, ...), for tests and the jit-summary log. RTS.
 */

export class OptStats {
  readonly names: string[];
  readonly counts: number[];

  constructor() {
    this.names = [];
    this.counts = [];
  }

  hit(rule: string): void {
    for (let i = 0; i < this.names.length; i++) {
      if (this.names[i] === rule) {
        this.counts[i] = this.counts[i]! + 1;
        return;
      }
    }
    this.names.push(rule);
    this.counts.push(1);
  }

  count(rule: string): number {
    for (let i = 0; i < this.names.length; i++) if (this.names[i] === rule) return this.counts[i]!;
    return 0;
  }

  /** `rule=count` pairs, sorted by name, one line. */
  text(): string {
    const order: number[] = [];
    for (let i = 0; i < this.names.length; i++) order.push(i);
    order.sort((a, b) => (this.names[a]! < this.names[b]! ? -1 : this.names[a]! > this.names[b]! ? 1 : 0));
    const parts: string[] = [];
    for (let i = 0; i < order.length; i++) parts.push(`${this.names[order[i]!]!}=${this.counts[order[i]!]!}`);
    return parts.join(" ");
  }
}
