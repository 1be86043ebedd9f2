import { v1Document } from './documents';
import { defaultConfig } from '../../firmware/config/defaults';
import { Config } from '../../firmware/config/types';
import { SLOTS, decodeRecord, encodeRecord, eraseConfig, loadConfig, saveConfig } from '../../firmware/config/store';
import { flakyStore, PowerLoss } from './flaky-store';

function withIndexClosedAt(us: number): Config {
  const c = defaultConfig();
  c.fingers[1].maxPulseUs = us;
  return c;
}

/** A flash holding `saves` successful saves (index closed at 2001, 2002, ...). */
function flashWithSaves(saves: number, blank: 'ff' | 'cut' = 'ff') {
  const store = flakyStore({}, blank);
  for (let i = 1; i <= saves; i++) expect(saveConfig(store, loadConfig(store), withIndexClosedAt(2000 + i))).toEqual([]);
  return store;
}

describe('configuration in flash', () => {
  test('nothing stored (first boot): the defaults, and no fault', () => {
    const s = loadConfig(flakyStore());
    expect(s.cfg).toEqual(defaultConfig());
    expect(s.unusable).toBe(false);
    expect(s.problems).toEqual([]);
  });

  test('saves alternate between the two slots, and boot takes the newest', () => {
    const store = flashWithSaves(3);
    expect(Object.keys(store.files).sort()).toEqual(SLOTS);
    const s = loadConfig(store);
    expect(s.cfg.fingers[1].maxPulseUs).toBe(2003);
    expect(s.seq).toBe(3);
    expect(decodeRecord(store.files[SLOTS[1]]).cfg!.fingers[1].maxPulseUs).toBe(2002);
  });

  test('a damaged newest slot is skipped for the one before, with a note; a damaged only slot faults', () => {
    const store = flashWithSaves(2);
    const newest = SLOTS[loadConfig(store).slot];
    store.files[newest] = store.files[newest].replace('2002', '2003'); // one flipped digit
    const s = loadConfig(store);
    expect(s.cfg.fingers[1].maxPulseUs).toBe(2001);
    expect(s.unusable).toBe(false);
    expect(s.problems).toEqual([newest + ': damaged (checksum mismatch)']);

    const other = SLOTS[s.slot];
    store.files[other] = 'garbage';
    const none = loadConfig(store);
    expect(none.unusable).toBe(true);
    expect(none.cfg).toEqual(defaultConfig());
    expect(none.problems.sort()).toEqual([other + ': not a Grasp record', newest + ': damaged (checksum mismatch)'].sort());
  });

  test('an interrupted first save is ignored like no save: the defaults, no fault, a note', () => {
    const full = encodeRecord(1, withIndexClosedAt(2100));
    for (const text of ['', 'G', 'G1 1', full.slice(0, 40), full.slice(0, 40) + '\xff'.repeat(full.length - 40)]) {
      const s = loadConfig(flakyStore({ [SLOTS[0]]: text }));
      expect(s.unusable).toBe(false);
      expect(s.cfg).toEqual(defaultConfig());
      expect(s.problems).toEqual([SLOTS[0] + ': an interrupted save']);
    }
  });

  test('an intact record of an invalid configuration is not used, and says why', () => {
    const store = flakyStore();
    const bad: any = defaultConfig();
    bad.fingers[0].maxPulseUs = 3100;
    store.files[SLOTS[0]] = encodeRecord(5, bad);
    const s = loadConfig(store);
    expect(s.unusable).toBe(true);
    expect(s.problems).toEqual([SLOTS[0] + ': fingers[0].maxPulseUs: 3100 is above 2500']);
  });

  test('a version-1 record (a board flashed without grasp flash, which brings it forward) is not used: the defaults run, motion blocked, and the message says what to do', () => {
    const old = v1Document();
    old.emg[1].maxLevel = 0.42;
    const store = flakyStore({ [SLOTS[0]]: encodeRecord(7, old) });
    const s = loadConfig(store);
    expect(s).toMatchObject({ slot: -1, unusable: true, problems: [SLOTS[0] + ': version: 1 is old: npx grasp config set updates it'] });
    expect(s.cfg).toEqual(defaultConfig());
    // The record stays in flash for the desktop to read and bring forward.
    expect(decodeRecord(store.files[SLOTS[0]]).seq).toBe(7);
  });

  test('an invalid configuration is not saved, and the flash is not touched', () => {
    const store = flashWithSaves(1);
    const before = { ...store.files };
    expect(saveConfig(store, loadConfig(store), withIndexClosedAt(2600))).toEqual(['fingers[1].maxPulseUs: 2600 is above 2500']);
    expect(store.files).toEqual(before);
  });

  test('a write the flash refuses leaves the previous configuration in force', () => {
    const store = flashWithSaves(1);
    const refusing = { ...store, write: () => false };
    expect(saveConfig(refusing, loadConfig(store), withIndexClosedAt(2222))).toEqual(['the flash refused the write']);
    expect(loadConfig(store).cfg.fingers[1].maxPulseUs).toBe(2001);
  });

  test('a write that reads back wrong is not trusted', () => {
    const store = flashWithSaves(1);
    const lying = { ...store, read: (n: string) => (store.files[n] || '').slice(0, 100) };
    expect(saveConfig(lying, loadConfig(store), withIndexClosedAt(2222))).toEqual(['the copy read back wrong']);
  });

  for (const blank of ['ff', 'cut'] as const) {
    for (const before of [0, 1, 2]) {
      test(`power lost at every step of a save (${before} earlier saves, unwritten flash ${blank}): the previous configuration, or the new one once complete`, () => {
        const old = before ? 2000 + before : 2000; // the defaults close index at 2000
        let completedAt = -1;
        let sawOld = 0;
        for (let n = 0; completedAt < 0; n++) {
          const store = flashWithSaves(before, blank);
          const stored = loadConfig(store);
          store.cutAfter(n);
          let lost = false;
          try {
            saveConfig(store, stored, withIndexClosedAt(2345));
          } catch (e) {
            expect(e).toBeInstanceOf(PowerLoss);
            lost = true;
          }
          store.cutAfter(Infinity);
          // Reboot.
          const after = loadConfig(store);
          const us = after.cfg.fingers[1].maxPulseUs;
          expect([old, 2345]).toContain(us);
          // Never the defaults with a fault: an interrupted save is not a broken configuration.
          expect(after.unusable).toBe(false);
          if (us === old) sawOld++;
          if (!lost) completedAt = n;
          // Once the record is complete the new configuration wins; before that, the old one.
          const written = Object.values(store.files).some((t) => decodeRecord(t).cfg?.fingers[1].maxPulseUs === 2345);
          expect(us).toBe(written ? 2345 : old);
        }
        expect(sawOld).toBeGreaterThan(10); // the record spans many chunks: many places to fail
        // And the next save after an interrupted one works.
        const store = flashWithSaves(before, blank);
        store.cutAfter(5);
        expect(() => saveConfig(store, loadConfig(store), withIndexClosedAt(2345))).toThrow(PowerLoss);
        store.cutAfter(Infinity);
        expect(saveConfig(store, loadConfig(store), withIndexClosedAt(2400))).toEqual([]);
        expect(loadConfig(store).cfg.fingers[1].maxPulseUs).toBe(2400);
      });
    }
  }

  test('factory reset erases both slots; the next boot runs the defaults without a fault', () => {
    const store = flashWithSaves(2);
    eraseConfig(store, loadConfig(store));
    expect(store.files).toEqual({});
    const s = loadConfig(store);
    expect(s.cfg).toEqual(defaultConfig());
    expect(s.unusable).toBe(false);
  });

  test('a reset interrupted half-way, then a save: the save still wins', () => {
    const store = flashWithSaves(3);
    const stored = loadConfig(store);
    store.cutAfter(1); // erases one slot, then power goes
    expect(() => eraseConfig(store, stored)).toThrow(PowerLoss);
    store.cutAfter(Infinity);
    expect(saveConfig(store, stored, withIndexClosedAt(1900 + 50))).toEqual([]);
    expect(loadConfig(store).cfg.fingers[1].maxPulseUs).toBe(1950);
  });
});
