// Picking grips on the hand (issue #6): the triggers, the button, the console, the LED's blink
// count, the return to the default grip, freezing, and what each grip does to the fingers.
import { bootOn } from './boot';
import { Config } from '../../firmware/config/types';
import { levelFor, REST } from './drive';
import { defaultConfig } from '../../firmware/config/defaults';
import { PATTERN_GRIP } from '../../firmware/core/status-led';

const cfg = defaultConfig();
const FLEX = levelFor(0.6, cfg);
const EXT = levelFor(0.6, cfg, 1);

function ready(config?: (c: Config) => void) {
  const h = bootOn(undefined, { config });
  h.run(1500);
  return h;
}
/** With co-contraction switched on (grips.coContractionMs 80; off by default). */
function readyCo() {
  return ready((c) => (c.grips.coContractionMs = 80));
}
const grip = (h: ReturnType<typeof bootOn>) => h.hand.status().gripName;
const fingers = (h: ReturnType<typeof bootOn>) => h.hand.status().fingers as Record<string, number>;

describe('co-contraction', () => {
  test('off by default: both muscles at once is just a motion', () => {
    const h = ready();
    h.run(80, () => [FLEX, REST]);
    h.run(400, () => [FLEX, EXT]);
    expect(grip(h)).toBe('power');
  });

  test('the second muscle within 80 ms of the first selects the next grip, and the hand stays open', () => {
    const h = readyCo();
    expect(grip(h)).toBe('power');
    h.run(80, () => [FLEX, REST]);
    h.run(400, () => [FLEX, EXT]);
    expect(grip(h)).toBe('tripod');
    h.run(1000, () => [REST, REST]);
    expect(h.hand.status().grip).toBe(0);
  });

  test('120 ms apart is a motion, not a trigger', () => {
    const h = readyCo();
    h.run(120, () => [FLEX, REST]);
    h.run(400, () => [FLEX, EXT]);
    expect(grip(h)).toBe('power');
  });

  test('holding both on does not repeat: one trigger until both relax', () => {
    const h = readyCo();
    h.run(2000, () => [FLEX, EXT]);
    expect(grip(h)).toBe('tripod');
    h.run(400, () => [REST, REST]);
    h.run(400, () => [FLEX, EXT]);
    expect(grip(h)).toBe('pinch');
  });

  test('never while holding something: co-contraction with the hand closed changes nothing', () => {
    const h = readyCo();
    h.run(1000, () => [FLEX, REST]);
    h.run(400, () => [REST, REST]);
    h.run(40, () => [FLEX, REST]);
    h.run(400, () => [FLEX, EXT]);
    expect(grip(h)).toBe('power');
    expect(h.hand.status().grip).toBeGreaterThan(0.5);
  });
});

describe('hold-open', () => {
  // The site stays on ~0.15 s past the end of the contraction (minOffMs, smoothing); the tick-exact
  // near misses are in triggers.test.ts.
  test('off by default: the opening muscle held 1.6 s with the hand open selects nothing', () => {
    const h = ready();
    h.run(1200, () => [REST, EXT]);
    h.run(400, () => [REST, REST]);
    expect(grip(h)).toBe('power');
    h.run(1600, () => [REST, EXT]);
    expect(grip(h)).toBe('power');
  });

  test('turned on (grips.holdOpenMs 1500): held 1.5 s with the hand open selects the next grip; 1.2 s does not', () => {
    const h = ready((c) => (c.grips.holdOpenMs = 1500));
    h.run(1200, () => [REST, EXT]);
    expect(grip(h)).toBe('power');
    h.run(400, () => [REST, REST]);
    h.run(1600, () => [REST, EXT]);
    expect(grip(h)).toBe('tripod');
  });
});

describe('button', () => {
  test('two presses within 0.5 s select the next grip and leave EMG control on', () => {
    const h = ready();
    h.board.pressButton();
    h.run(200);
    h.board.pressButton();
    h.run(200);
    expect(grip(h)).toBe('tripod');
    expect(h.hand.status().emgControl).toBe(true);
  });

  test('two presses a second apart only pause and resume', () => {
    const h = ready();
    h.board.pressButton();
    h.run(1000);
    h.board.pressButton();
    h.run(200);
    expect(grip(h)).toBe('power');
    expect(h.hand.status().emgControl).toBe(true);
  });
});

test('the green LED blinks the grip number, then goes back to ready', () => {
  const h = ready();
  h.hand.grip('pinch');
  h.run(40);
  expect(h.core.led.pattern).toBe(PATTERN_GRIP);
  // pinch is grip 4: four blinks of 0.5 s.
  h.run(1900);
  expect(h.core.led.pattern).toBe(PATTERN_GRIP);
  h.run(200);
  expect(h.core.led.pattern).not.toBe(PATTERN_GRIP);
});

test('open and quiet for 10 s: back to the default grip', () => {
  const h = ready();
  h.hand.grip('hook');
  h.run(9000);
  expect(grip(h)).toBe('hook');
  h.run(3000);
  expect(grip(h)).toBe('power');
});

describe('what the grips do', () => {
  test('pinch: thumb and index meet, the other fingers stay open', () => {
    const h = ready();
    h.hand.grip('pinch');
    h.run(3000, () => [FLEX, REST]);
    const f = fingers(h);
    expect(f.thumb).toBeGreaterThan(0.6);
    expect(f.index).toBeGreaterThan(0.7);
    expect([f.middle, f.ring, f.little]).toEqual([0, 0, 0]);
  });

  test('key: the fingers close first, then the thumb comes down on the index', () => {
    const h = ready();
    h.hand.grip('key');
    let thumbWhenFingersClosed = -1;
    for (let t = 0; t < 3000; t += 40) {
      h.run(40, () => [FLEX, REST]);
      const f = fingers(h);
      if (thumbWhenFingersClosed < 0 && f.middle >= 0.99) thumbWhenFingersClosed = f.thumb;
    }
    // (The fingers arrive within a tick of grip 0.5, where the thumb begins.)
    expect(thumbWhenFingersClosed).toBeLessThan(0.1);
    expect(fingers(h).thumb).toBe(1);
  });

  test('point: the index stays open', () => {
    const h = ready();
    h.hand.grip('point');
    h.run(3000, () => [FLEX, REST]);
    expect(fingers(h)).toMatchObject({ index: 0, middle: 1, ring: 1, little: 1 });
  });

  test('an unknown grip is refused with the names to use; nothing changes', () => {
    const h = ready();
    h.hand.grip('claw');
    expect(h.printed()).toContain('no grip "claw"; use one of open, power, tripod, pinch, key, point, hook');
    expect(grip(h)).toBe('power');
  });
});

test('freeze holds the grip and ignores EMG; resume gives control back', () => {
  const h = ready();
  h.run(400, () => [FLEX, REST]);
  const held = fingers(h);
  h.hand.freeze();
  h.run(1000, () => [REST, EXT]);
  expect(fingers(h)).toEqual(held);
  expect(h.hand.status().emgControl).toBe(false);
  h.hand.resume();
  h.run(1000, () => [REST, EXT]);
  expect(h.hand.status().grip).toBe(0);
});
