import { startHand } from '../../firmware/shell';
import { loadConfig } from '../../firmware/config/store';
import { fakeBoard } from './fake-board';
import { Config } from '../../firmware/config/types';

function boot(edit?: (c: Config) => void) {
  const board = fakeBoard();
  const stored = loadConfig(board.store);
  const cfg = stored.cfg;
  if (edit) edit(cfg);
  const started = startHand(board, stored, 'test');
  const ticks = (n: number) => {
    for (let i = 0; i < n; i++) board.tick();
  };
  return { board, cfg, started, ticks, hand: board.exposed.hand };
}

describe('firmware shell', () => {
  test('at rest it writes no servo output at all and kicks the watchdog every tick', () => {
    const { board, ticks } = boot();
    ticks(200);
    expect(board.writes).toEqual([]);
    expect(board.kicks).toBe(200);
  });

  test('a contraction writes each changed pulse once per tick, only toward closed, within range', () => {
    const { board, ticks } = boot();
    ticks(40);
    board.levels[0] = 0.5;
    ticks(60);
    expect(board.writes.length).toBeGreaterThan(10);
    const thumb = board.writes.filter((w) => w.servo === 0).map((w) => w.pulseUs);
    for (let i = 1; i < thumb.length; i++) expect(thumb[i]).toBeGreaterThan(thumb[i - 1]);
    expect(thumb[thumb.length - 1]).toBe(2000);
    expect(board.writes.every((w) => w.pulseUs >= 1000 && w.pulseUs <= 2000)).toBe(true);
    const n = board.writes.length;
    ticks(10);
    expect(board.writes.length).toBe(n); // closed and still: nothing more to write
  });

  test('an exception inside the tick does not escape: servos are released, the fault is shown, no kick', () => {
    const { board, ticks, hand } = boot();
    ticks(40);
    board.emg[0].sample = () => {
      throw new Error('ADC exploded');
    };
    const kicks = board.kicks;
    expect(() => ticks(3)).not.toThrow();
    expect(board.kicks).toBe(kicks);
    expect(hand.status().faults).toContain('loopError');
    expect(board.writes.filter((w) => w.pulseUs === 0).length).toBe(15);
    expect(board.printed.join('\n')).toContain('ADC exploded');
  });

  test('the button pauses EMG control and opens the hand', () => {
    const { board, ticks, hand } = boot();
    ticks(40);
    board.levels[0] = 0.5;
    ticks(20);
    board.pressButton();
    ticks(60);
    expect(hand.status().emgControl).toBe(false);
    expect(Object.values(hand.status().fingers)).toEqual([0, 0, 0, 0, 0]);
  });
});

describe('console API (hand.*)', () => {
  test('status() is a plain object with state, fingers, EMG, faults, battery', () => {
    const { ticks, hand } = boot();
    ticks(40);
    const s = hand.status();
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
    expect(s.state).toBe('ready');
    expect(Object.keys(s.fingers)).toEqual(['thumb', 'index', 'middle', 'ring', 'little']);
    expect(s.emg.map((e: any) => e.site)).toEqual(['flexor', 'extensor']);
    expect(s.faults).toEqual([]);
    expect(s.batteryV).toBeCloseTo(0.6 * 3.3 * 2, 2);
    expect(s.version).toBe('test');
  });

  test('close(), open() and set() move the fingers; bad arguments print why and change nothing', () => {
    const { board, ticks, hand } = boot();
    ticks(40);
    hand.close();
    ticks(30);
    expect(Object.values(hand.status().fingers)).toEqual([1, 1, 1, 1, 1]);
    hand.open();
    hand.set('index', 0.5);
    ticks(30);
    expect(hand.status().fingers.index).toBe(0.5);
    expect(hand.status().fingers.thumb).toBe(0);
    hand.set('pinky', 1);
    hand.set(2, 'closed');
    ticks(10);
    expect(board.printed.join('\n')).toMatch(/no finger "pinky"; use one of thumb, index, middle, ring, little/);
    expect(board.printed.join("\n")).toMatch(/position: 0 \(open\)..1 \(closed\), not "closed"/);
    expect(hand.status().fingers.middle).toBe(0);
  });

  test('stop() opens and ignores EMG until resume()', () => {
    const { board, ticks, hand } = boot();
    ticks(40);
    hand.close();
    ticks(10);
    hand.stop();
    board.levels[0] = 0.5;
    ticks(40);
    expect(hand.status().grip).toBe(0);
    hand.resume();
    ticks(20);
    expect(hand.status().grip).toBeGreaterThan(0.3);
  });

  test('close() is refused while a sensor is faulted; open() is allowed', () => {
    const { board, ticks, hand } = boot();
    ticks(40);
    board.levels[1] = NaN;
    ticks(2);
    hand.close();
    ticks(10);
    expect(hand.status().grip).toBe(0);
    expect(board.printed.join('\n')).toMatch(/close\(\) refused while faulted \(extensorSignalInvalid\)/);
  });
});

describe('after a long rest', () => {
  test('the first contraction moves the fingers one slew-limited step per tick, not a jump', () => {
    const { board, ticks, hand, cfg } = boot();
    ticks(40);
    // 3 s of rest: the shell skips the full tick on most of these.
    ticks(75);
    board.levels[0] = 0.9;
    const step = cfg.fingers[0].maxSpeedPerS * (cfg.tickMs / 1000);
    let last = 0;
    for (let i = 0; i < 10; i++) {
      ticks(1);
      const thumb = hand.status().fingers.thumb;
      expect(thumb - last).toBeLessThanOrEqual(step + 1e-9);
      last = thumb;
    }
    expect(last).toBeGreaterThan(0.2);
  });

  test('a contraction shorter than the minimum on time after a rest moves nothing', () => {
    const { board, ticks, hand, cfg } = boot((c) => (c.control.minOnMs = 120));
    ticks(40);
    ticks(75);
    board.levels[0] = 0.9;
    ticks(Math.floor(120 / cfg.tickMs) - 1);
    board.levels[0] = 0.03;
    ticks(20);
    expect(hand.status().grip).toBe(0);
  });
});
