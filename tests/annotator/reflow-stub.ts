// A Reflow that records the places it was asked to reflow, for the tests of the cells.

import type { Reflow } from "../../src/annotator/model.ts";

export class RecordingReflow implements Reflow<string> {
  readonly log: string[] = [];

  reflow(place: string): void {
    this.log.push(place);
  }

  /** The places reflowed since the last call, sorted, then forgets them. */
  take(): string[] {
    const places = [...this.log].sort();
    this.log.length = 0;
    return places;
  }
}
