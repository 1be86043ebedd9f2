// The last faults, kept in flash for the console. One line per entry, oldest first:
// "<uptime s> <count> <code>\n". Only a line that ends in a newline and reads back exactly
// counts, so a write cut short (unwritten flash reads 0xFF, no newline) or a foreign file reads
// as fewer entries, never an error. Flash is written when a new fault appears, never per tick:
// a code repeating within FAULT_REPEAT_S of its last occurrence (this boot) only counts up, and
// the count is written with the next entry, or when it doubles (2, 4, 8...), so even a fault
// flapping for hours costs a handful of writes. A refused write loses nothing in RAM; the next
// write has it all.

import { Store } from '../hal/types';

export interface FaultEntry {
  /** Uptime in seconds when it first happened (since that boot). */
  t: number;
  /** A single word, e.g. "batteryCritical". */
  code: string;
  /** How many times, repeats within FAULT_REPEAT_S of each other counted together. */
  n: number;
}

export interface FaultLog {
  add(code: string, uptimeS: number): void;
  /** Oldest first. */
  entries(): FaultEntry[];
  clear(): void;
}

export const FAULT_REPEAT_S = 10;
/** The stored text never exceeds this; the oldest entries go first. */
export const FAULT_LOG_BYTES = 600;

export function createFaultLog(store: Store, fileName: string, maxEntries?: number): FaultLog {
  const max = maxEntries || 16;
  const list: FaultEntry[] = [];
  // When each entry last happened this boot (-Infinity for the stored ones: they never coalesce).
  const lastS: number[] = [];
  try {
    const lines = (store.read(fileName) || '').split('\n');
    // The last piece has no newline after it: empty, or a cut line.
    for (let i = 0; i < lines.length - 1; i++) {
      const p = lines[i].split(' ');
      const t = +p[0];
      const n = +p[1];
      // Exactly as written ("1e3", " 5" and the like are damage).
      if (p.length === 3 && t >= 0 && n >= 1 && p[2] && lines[i] === t + ' ' + n + ' ' + p[2]) {
        list.push({ t, code: p[2], n });
        lastS.push(-Infinity);
      }
    }
  } catch (e) {
    // Unreadable: an empty log.
  }

  function save(): void {
    let text = '';
    trim();
    for (let i = 0; i < list.length; i++) text += list[i].t + ' ' + list[i].n + ' ' + list[i].code + '\n';
    while (text.length > FAULT_LOG_BYTES) {
      drop();
      text = text.slice(text.indexOf('\n') + 1);
    }
    try {
      store.write(fileName, text);
    } catch (e) {
      // Kept in RAM; the next write tries again.
    }
  }

  function drop(): void {
    list.shift();
    lastS.shift();
  }
  function trim(): void {
    while (list.length > max) drop();
  }
  trim();

  return {
    add(code, uptimeS) {
      const now = uptimeS >= 0 ? uptimeS : 0;
      for (let i = list.length - 1; i >= 0; i--) {
        if (list[i].code === code) {
          if (now - lastS[i] <= FAULT_REPEAT_S) {
            lastS[i] = now;
            const n = ++list[i].n;
            if (!(n & (n - 1))) save();
            return;
          }
          break;
        }
      }
      list.push({ t: Math.round(now), code, n: 1 });
      lastS.push(now);
      save();
    },
    entries() {
      return list.slice();
    },
    clear() {
      // (Espruino refuses `list.length = 0`: "Assignment to a constant".)
      list.splice(0);
      lastS.splice(0);
      try {
        store.erase(fileName);
      } catch (e) {
        // Nothing to do: the next write replaces the file.
      }
    },
  };
}
