import { bootOn } from './boot';
import { memoryStore } from './fake-board';
import { defaultConfig } from '../../firmware/config/defaults';
import { SLOTS, encodeRecord } from '../../firmware/config/store';

/** A flash whose only record is complete but damaged (one digit changed after it was written). */
function corruptStore() {
  return memoryStore({ [SLOTS[0]]: encodeRecord(3, defaultConfig()).replace('"tickMs":40', '"tickMs":41') });
}

describe('configuration at boot', () => {
  test('first boot (nothing stored): defaults, silently, no fault', () => {
    const h = bootOn();
    h.ticks(40);
    expect(h.hand.status().faults).toEqual([]);
    expect(h.hand.status().state).toBe('ready');
    expect(h.printed()).toBe('');
    expect(h.hand.config()).toEqual(defaultConfig());
  });

  test('a stored configuration is the one that runs', () => {
    const cfg = defaultConfig();
    cfg.fingers[1].maxPulseUs = 1800;
    const h = bootOn(memoryStore({ [SLOTS[1]]: encodeRecord(4, cfg) }));
    h.ticks(40);
    h.hand.close();
    h.ticks(30);
    expect(h.board.writes.filter((w) => w.servo === 1).pop()!.pulseUs).toBe(1800);
  });

  test('a corrupt configuration: safe defaults, configInvalid on the LED and in status(), the errors on the console, never a crash', () => {
    const h = bootOn(corruptStore());
    expect(h.printed()).toContain('configuration unusable: defaults, motion blocked (configInvalid)');
    expect(h.printed()).toContain('grasp.cfg.a: damaged (checksum mismatch)');
    h.ticks(40);
    const s = h.hand.status();
    expect(s.faults).toEqual(['configInvalid']);
    expect(s.state).toBe('fault');
    // Red blinking fast: lit 150 ms of every 300 ms.
    const reds = h.leds.slice(-20).map((l) => l.red);
    expect(reds).toContain(1);
    expect(reds).toContain(0);
  });

  test('an invalid configuration names each error on the console', () => {
    const bad: any = defaultConfig();
    bad.fingers[2].maxPulseUs = 3100;
    bad.emg[0].pin = 'B2';
    const h = bootOn(memoryStore({ [SLOTS[0]]: encodeRecord(1, bad) }));
    expect(h.board.printed).toContain('  grasp.cfg.a: fingers[2].maxPulseUs: 3100 is above 2500');
    expect(h.board.printed).toContain('  grasp.cfg.a: emg[0].pin: "B2" cannot read analog (ADC pins: A0-A7, B0, B1)');
    expect(h.hand.status().faults).toEqual(['configInvalid']);
  });

  test('with configInvalid the servos get no pulse at all: EMG, close() and set() move nothing', () => {
    const h = bootOn(corruptStore());
    h.ticks(40);
    h.board.levels[0] = 0.6; // a strong flexor contraction
    h.ticks(50);
    h.hand.close();
    h.hand.set('index', 1);
    h.hand.open();
    h.ticks(50);
    expect(h.board.writes).toEqual([]);
    expect(h.printed()).toMatch(/close\(\) refused while faulted \(configInvalid\)/);
  });

  test('saving a configuration clears configInvalid and it survives a reboot', () => {
    const store = corruptStore();
    const h = bootOn(store);
    h.ticks(5);
    expect(h.hand.save()).toBe(true);
    expect(h.hand.status().faults).toEqual([]);
    const again = bootOn(store);
    expect(again.hand.status().faults).toEqual([]);
    expect(again.printed()).toBe('');
  });
});

describe('servo endpoints at the bench: hand.jog(), hand.save(), hand.config()', () => {
  test('jog moves the finger to the jogged pulse so the user sees it, and pauses EMG', () => {
    const h = bootOn();
    h.ticks(40);
    expect(h.hand.jog('index', 'closed', +20)).toBe(2020);
    h.ticks(20);
    expect(h.board.writes.filter((w) => w.servo === 1).pop()!.pulseUs).toBe(2020);
    expect(h.hand.status().emgControl).toBe(false);
    h.hand.jog(1, 'closed', -50);
    h.ticks(2);
    expect(h.board.writes.filter((w) => w.servo === 1).pop()!.pulseUs).toBe(1970);
    h.hand.jog('index', 'open', 30);
    h.ticks(20);
    expect(h.board.writes.filter((w) => w.servo === 1).pop()!.pulseUs).toBe(1030);
    expect(h.hand.config().fingers[1]).toMatchObject({ minPulseUs: 1030, maxPulseUs: 1970, inverted: false });
    // Other fingers untouched.
    expect(h.board.writes.every((w) => w.servo === 1)).toBe(true);
  });

  test('jog clamps to 500..2500 us', () => {
    const h = bootOn();
    h.ticks(40);
    expect(h.hand.jog('thumb', 'closed', 5000)).toBe(2500);
    h.ticks(40);
    expect(h.hand.jog('thumb', 'open', -5000)).toBe(500);
    h.ticks(40);
    const thumb = h.board.writes.filter((w) => w.servo === 0).map((w) => w.pulseUs);
    expect(Math.max(...thumb)).toBe(2500);
    expect(thumb[thumb.length - 1]).toBe(500);
    expect(thumb.every((us) => us >= 500 && us <= 2500)).toBe(true);
  });

  test('jogging one end past the other turns the servo round (inverted)', () => {
    const h = bootOn();
    h.ticks(40);
    h.hand.jog('ring', 'open', 1200); // open 2200, closed 2000
    expect(h.hand.config().fingers[3]).toMatchObject({ minPulseUs: 2000, maxPulseUs: 2200, inverted: true });
    expect(h.hand.jog('ring', 'closed', 200)).toBeUndefined(); // would equal open: refused
    expect(h.printed()).toContain('open and closed must differ');
  });

  test('bad jog arguments print how to call it and change nothing', () => {
    const h = bootOn();
    h.hand.jog('pinky', 'closed', 10);
    h.hand.jog('index', 'shut', 10);
    h.hand.jog('index', 'closed', '10');
    expect(h.printed()).toMatch(/no finger "pinky"/);
    expect(h.printed()).toContain('hand: use hand.jog(finger, "open"|"closed", us)');
    expect(h.hand.config()).toEqual(defaultConfig());
  });

  test('save() keeps the jogged endpoints across a reboot', () => {
    const store = memoryStore();
    const h = bootOn(store);
    h.hand.jog('middle', 'closed', 150);
    expect(h.hand.save()).toBe(true);
    expect(h.printed()).toContain('hand: saved');
    expect(bootOn(store).hand.config().fingers[2].maxPulseUs).toBe(2150);
  });

  test('config() is a copy: editing it changes nothing', () => {
    const h = bootOn();
    h.hand.config().fingers[0].maxPulseUs = 9999;
    expect(h.hand.config().fingers[0].maxPulseUs).toBe(2000);
  });

  test('config(doc): an invalid document is refused with every error; a valid one (any version) is saved and the hand restarts on it', () => {
    const store = memoryStore();
    const h = bootOn(store);
    const bad: any = defaultConfig();
    bad.tickMs = 5;
    bad.fingerz = 1;
    expect(h.hand.config(bad)).toBe(false);
    expect(h.board.printed).toEqual(['hand: not saved; the old configuration stays:', '  tickMs: 5 is below 20', '  unknown key "fingerz"']);
    expect(store.files).toEqual({});
    const good: any = defaultConfig();
    good.tickMs = 50;
    expect(h.hand.config(good)).toBe(true);
    expect(h.board.restarts).toBe(1);
    expect(bootOn(store).hand.config().tickMs).toBe(50);
  });

  test('config(doc) takes only this version: an older or a newer one is refused with what to do, and nothing changes', () => {
    const store = memoryStore();
    const h = bootOn(store);
    const mine: any = defaultConfig();
    mine.emg[0].restLevel = 0.045;
    expect(h.hand.config(mine)).toBe(true);
    expect(bootOn(store).hand.config()).toEqual(mine);
    const files = { ...store.files };
    for (const [version, why] of [
      [2, 'version: 2 is old: npx grasp config set updates it'],
      [4, 'version: 4 is newer: update firmware'],
    ] as const) {
      const other: any = defaultConfig();
      other.version = version;
      const n = bootOn(store);
      expect(n.hand.config(other)).toBe(false);
      expect(n.board.printed).toEqual(['hand: not saved; the old configuration stays:', '  ' + why]);
      expect(n.board.restarts).toBe(0);
      expect(store.files).toEqual(files);
    }
  });

  test('power lost at every step of hand.save(): after the reboot the hand runs the old endpoints or the new, never a fault', () => {
    const { flakyStore } = require('../config/flaky-store');
    let n = 0;
    const seen = new Set<number>();
    for (;;) {
      const store = flakyStore();
      const first = bootOn(store);
      first.hand.jog('index', 'closed', 100);
      first.hand.save(); // 2100 in force
      const h = bootOn(store);
      h.hand.jog('index', 'closed', 200); // 2300, being saved
      store.cutAfter(n++);
      const saved = h.hand.save(); // the shell catches the PowerLoss like any flash error
      store.cutAfter(Infinity);
      const after = bootOn(store);
      const us = after.hand.config().fingers[1].maxPulseUs;
      expect([2100, 2300]).toContain(us);
      expect(after.hand.status().faults).toEqual([]);
      seen.add(us);
      if (saved) break;
    }
    expect([...seen].sort()).toEqual([2100, 2300]);
  });
});

describe('factory reset', () => {
  function savedStore() {
    const store = memoryStore();
    const h = bootOn(store);
    h.hand.jog('index', 'closed', 100);
    h.hand.save();
    return store;
  }

  test('hand.reset() erases the stored configuration and restarts on the defaults', () => {
    const store = savedStore();
    const h = bootOn(store);
    h.hand.reset();
    expect(store.files).toEqual({});
    expect(h.board.restarts).toBe(1);
    expect(h.printed()).toContain('factory reset');
    const after = bootOn(store);
    expect(after.hand.config()).toEqual(defaultConfig());
    expect(after.hand.status().faults).toEqual([]);
  });

  test('the button held at power-up for 3 s resets; released sooner, nothing happens', () => {
    const store = savedStore();
    const early = bootOn(store, { buttonHeld: true });
    early.run(2000);
    early.board.releaseButton();
    early.run(3000);
    expect(early.board.restarts).toBe(0);
    expect(Object.keys(store.files).length).toBe(1);

    const h = bootOn(store, { buttonHeld: true });
    h.run(3000);
    expect(store.files).toEqual({});
    expect(h.board.restarts).toBe(1);
  });

  test('also when the hold starts just after boot (the Pico itself uses the button at power-up)', () => {
    const store = savedStore();
    const h = bootOn(store);
    h.run(800); // green LED blinking fast: booting
    h.board.holdButton();
    h.run(3100);
    expect(store.files).toEqual({});
    expect(h.board.restarts).toBe(1);
  });

  test('a long hold later starts calibration instead, and leaves the flash alone', () => {
    const store = savedStore();
    const h = bootOn(store);
    h.run(6000);
    h.board.holdButton();
    h.run(3100);
    expect(h.board.restarts).toBe(0);
    expect(Object.keys(store.files).length).toBe(1);
    expect(h.hand.status().state).toBe('calibrating');
  });
});
