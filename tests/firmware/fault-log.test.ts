import { createFaultLog, FAULT_LOG_BYTES, FAULT_LOG_ENTRIES } from '../../firmware/fault-log';
import { Store } from '../../hal/types';

const FILE = 'grasp.faults';

/** Flash in memory; `refuse` makes writes fail as a full flash does, `explode` makes them throw. */
function flash(files: { [name: string]: string } = {}) {
  const s = {
    files,
    writes: 0,
    refuse: false,
    explode: false,
    read: (name: string) => files[name],
    write(name: string, data: string) {
      s.writes++;
      if (s.explode) throw new Error('Not enough free space');
      if (s.refuse) return false;
      files[name] = data;
      return true;
    },
    erase: (name: string) => void delete files[name],
  };
  return s satisfies Store;
}

describe('fault log', () => {
  test('a missing file is an empty log; a new fault is written at once and survives a reboot', () => {
    const store = flash();
    const log = createFaultLog(store, FILE);
    expect(log.list()).toEqual([]);
    expect(store.writes).toBe(0);
    log.add('batteryLow', 12.4);
    log.add('stall', 30);
    expect(store.writes).toBe(2);
    const again = createFaultLog(store, FILE);
    expect(again.list()).toEqual([
      { t: 12, code: 'batteryLow', n: 1 },
      { t: 30, code: 'stall', n: 1 },
    ]);
  });

  test('repeats within 10 s of the last one are counted, not written each time', () => {
    const store = flash();
    const log = createFaultLog(store, FILE);
    // A flapping electrode: a fault every 3 s for 30 s.
    for (let t = 100; t < 130; t += 3) log.add('flexorStuckAtRail', t);
    expect(log.list()).toEqual([{ t: 100, code: 'flexorStuckAtRail', n: 10 }]);
    // The first, then at counts 2, 4 and 8: never per repeat.
    expect(store.writes).toBe(4);
    // 11 s later it is a new entry.
    log.add('flexorStuckAtRail', 138);
    expect(log.list().length).toBe(2);
    // The count reached flash with that write.
    expect(createFaultLog(store, FILE).list()[0].n).toBe(10);
  });

  test('a repeat interleaved with another fault is still counted', () => {
    const log = createFaultLog(flash(), FILE);
    log.add('stall', 1);
    log.add('batterySenseInvalid', 2);
    log.add('stall', 3);
    expect(log.list().map((e) => e.code + e.n)).toEqual(['stall2', 'batterySenseInvalid1']);
  });

  test('entries from an earlier boot are never counted with a new fault at a similar uptime', () => {
    const store = flash();
    createFaultLog(store, FILE).add('stall', 5);
    const log = createFaultLog(store, FILE);
    log.add('stall', 6);
    expect(log.list().length).toBe(2);
  });

  test('bounded: the newest 16 kept, the text under 600 bytes however long the codes', () => {
    const store = flash();
    const log = createFaultLog(store, FILE);
    for (let i = 0; i < 40; i++) log.add('fault' + i, 1000000 + i * 100);
    const e = log.list();
    expect(e.length).toBe(16);
    expect(e[0].code).toBe('fault24');
    expect(e[15].code).toBe('fault39');
    expect(store.files[FILE].length).toBeLessThanOrEqual(FAULT_LOG_BYTES);
    for (let i = 0; i < 40; i++) log.add('aVeryLongFaultCodeIndeed' + i + 'x'.repeat(i), 99999999 + i * 100);
    expect(store.files[FILE].length).toBeLessThanOrEqual(FAULT_LOG_BYTES);
    expect(createFaultLog(store, FILE).list()).toEqual(log.list());
    expect(log.list().pop()!.code).toMatch(/39x+$/);
  });

  test('a file with more entries than the log keeps (another build, another tool) loads as its newest ones', () => {
    const lines = Array.from({ length: 20 }, (_, i) => i * 20 + ' 1 f' + i + '\n').join('');
    const store = flash({ [FILE]: lines });
    expect(FAULT_LOG_ENTRIES).toBe(16);
    expect(createFaultLog(store, FILE).list().map((e) => e.code)).toEqual(Array.from({ length: 16 }, (_, i) => 'f' + (i + 4)));
    // Under the maximum, every stored entry loads.
    const under = flash();
    const log = createFaultLog(under, FILE);
    for (let i = 0; i < 10; i++) log.add('f' + i, i * 20);
    expect(createFaultLog(under, FILE).list().length).toBe(10);
  });

  test('a corrupt file never throws: the good lines that were completely written are kept', () => {
    const cases: [string, string[]][] = [
      ['', []],
      ['garbage', []],
      ['\xff\xff\xff\xff', []],
      ['{"t":1}\n', []],
      ['12 1 stall\n40 2 batt', ['stall']], // a write cut short
      ['12 1 stall\n40 2 batt\xff\xff\xff', ['stall']], // unwritten flash after the cut
      ['1e3 1 a\n 5 1 b\n5 0 c\n5 -1 d\n-5 1 e\nx 1 f\n5 1\n5 1 g h\n7 1 ok\n', ['ok']],
      ['\n\n\n3 2 ok\n\n', ['ok']],
    ];
    for (const [text, codes] of cases) {
      const log = createFaultLog(flash({ [FILE]: text }), FILE);
      expect(log.list().map((e) => e.code)).toEqual(codes);
      log.add('next', 1);
    }
    const unreadable = { read: () => { throw new Error('bad flash'); }, write: () => true, erase: () => {} };
    expect(createFaultLog(unreadable, FILE).list()).toEqual([]);
  });

  test('a refused or failing write loses nothing in RAM; the next write stores it all', () => {
    const store = flash();
    const log = createFaultLog(store, FILE);
    log.add('a', 1);
    store.refuse = true;
    log.add('b', 20);
    store.refuse = false;
    store.explode = true;
    expect(() => log.add('c', 40)).not.toThrow();
    expect(log.list().map((e) => e.code)).toEqual(['a', 'b', 'c']);
    store.explode = false;
    log.add('d', 60);
    expect(createFaultLog(store, FILE).list().map((e) => e.code)).toEqual(['a', 'b', 'c', 'd']);
  });

  test('clear empties the log and the file', () => {
    const store = flash();
    const log = createFaultLog(store, FILE);
    log.add('a', 1);
    log.clear();
    expect(log.list()).toEqual([]);
    expect(store.files[FILE]).toBeUndefined();
    expect(createFaultLog(store, FILE).list()).toEqual([]);
    log.add('a', 2);
    expect(log.list()).toEqual([{ t: 2, code: 'a', n: 1 }]);
  });
});
