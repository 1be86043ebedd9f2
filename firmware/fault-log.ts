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
  /** Uptime in whole seconds (rounded) when it first happened (since that boot). */
  t: number;
  /** A single word, e.g. "batteryCritical". */
  code: string;
  /** How many times, repeats within FAULT_REPEAT_S of each other counted together. */
  n: number;
}

export interface FaultLog {
  add(code: string, uptimeS: number): void;
  /** Oldest first. */
  list(): FaultEntry[];
  clear(): void;
}

export const FAULT_REPEAT_S = 10;
/** The stored text never exceeds this; the oldest entries go first. */
export const FAULT_LOG_BYTES = 600;
/** The most entries kept; the oldest go first. */
export const FAULT_LOG_ENTRIES = 16;

/** An entry's line in the file. */
const line = (e: FaultEntry) => e.t + ' ' + e.n + ' ' + e.code + '\n';

/** The entry a line holds, or null when the line is not exactly as written (damage). */
function entry(l: string): FaultEntry | null {
  const p = l.split(' ');
  const e = { t: +p[0], code: p[2], n: +p[1] };
  return e.t >= 0 && e.n >= 1 && e.code && line(e) === l + '\n' ? e : null;
}

export function createFaultLog(store: Store, fileName: string): FaultLog {
  // The log lives in RAM as its file's text, one string: a list of entry objects cost ~280 of
  // the Pico's 5,100 variables when full. When each code last happened this boot, to count
  // repeats (stored entries are not here, so they never count up with a new fault).
  let text = '';
  const seen: { [code: string]: number } = {};
  // No exception for a missing file: on Espruino an exception thrown in code saved to flash
  // builds a stack trace from its (one, long) line, which ran a 5,100-variable board out of memory.
  let stored: string | undefined;
  try {
    stored = store.read(fileName);
    // The last piece has no newline after it: empty, or a cut line.
    if (stored) for (const l of stored.split('\n').slice(0, -1)) if (entry(l)) text += l + '\n';
  } catch (e) {
    // Unreadable: what was read so far.
  }

  /** Drops the oldest entries while there are more than 16 or the text is over 600 bytes (FAULT_LOG_ENTRIES, FAULT_LOG_BYTES). */
  function trim(): void {
    while (text.split('\n').length > 17 || text.length > 600) text = text.slice(text.indexOf('\n') + 1);
  }
  function save(): void {
    trim();
    try {
      store.write(fileName, text);
    } catch (e) {
      // Kept in RAM; the next write tries again.
    }
  }
  // (Not above: Espruino does not hoist function declarations.)
  trim();

  return {
    add(code, uptimeS) {
      const now = uptimeS > 0 ? uptimeS : 0;
      const at = seen[code];
      seen[code] = now;
      // This boot's newest line of this code, if it is still in the log.
      const end = text.lastIndexOf(' ' + code + '\n');
      const start = text.lastIndexOf('\n', end) + 1;
      const e = end >= 0 && now - at <= 10 /* FAULT_REPEAT_S */ ? entry(text.slice(start, end + code.length + 1)) : null;
      if (!e) text += line({ t: (now + 0.5) | 0, code, n: 1 });
      else {
        e.n++;
        text = text.slice(0, start) + line(e) + text.slice(end + code.length + 2);
        // A repeat: written when the count reaches 2, 4, 8...
        if (e.n & (e.n - 1)) return;
      }
      save();
    },
    list() {
      const out: FaultEntry[] = [];
      const lines = text.split('\n');
      for (let i = 0; i < lines.length - 1; i++) out.push(entry(lines[i]) as FaultEntry);
      return out;
    },
    clear() {
      text = '';
      try {
        store.erase(fileName);
      } catch (e) {
        // Nothing to do: the next write replaces the file.
      }
    },
  };
}
