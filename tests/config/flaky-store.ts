// A Store over plain files that can lose power after N low-level operations, the way Espruino's
// Storage writes: replacing a file first marks the old one erased, then writes the new header
// (the file now exists, all 0xFF), then the data in chunks. Power lost mid-way leaves the file
// gone, blank, or part-written: `blank: 'ff'` fills the unwritten rest with 0xFF as flash reads,
// `blank: 'cut'` leaves it truncated.
import { Store } from '../../hal/types';

export class PowerLoss extends Error {
  constructor() {
    super('power lost');
  }
}

export interface FlakyStore extends Store {
  files: Record<string, string>;
  /** Low-level operations done so far. */
  ops: number;
  /** Power fails at the (n+1)th low-level operation from now; Infinity: never. */
  cutAfter(n: number): void;
}

const CHUNK = 64;

export function flakyStore(files: Record<string, string> = {}, blank: 'ff' | 'cut' = 'ff'): FlakyStore {
  let left = Infinity;
  const s: FlakyStore = {
    files,
    ops: 0,
    cutAfter(n) {
      left = n;
    },
    read(name) {
      step();
      return files[name];
    },
    write(name, data) {
      if (files[name] === data) return true; // Espruino skips an identical write
      step();
      delete files[name]; // the old file becomes trash
      step();
      files[name] = blank === 'ff' ? '\xff'.repeat(data.length) : ''; // header written, data blank
      for (let at = 0; at < data.length; at += CHUNK) {
        step();
        const done = data.slice(0, at + CHUNK);
        files[name] = blank === 'ff' ? done + '\xff'.repeat(Math.max(0, data.length - done.length)) : done;
      }
      return true;
    },
    erase(name) {
      step();
      delete files[name];
    },
  };
  function step() {
    if (left <= 0) throw new PowerLoss();
    left--;
    s.ops++;
  }
  return s;
}
