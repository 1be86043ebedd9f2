// Fuzzing the firmware shell over the fake board: the same random streams as fuzz-pico, but the
// levels reach the firmware unclamped (NaN, ±Infinity, negatives, above 1 as they are), ticked
// directly (no Waveform, no ADC): fast, so more runs.
import fc from 'fast-check';
import { bootOn } from '../firmware/boot';
import { FINGERS, MotionChecker, PULSE_MAX, PULSE_MIN, SEED, STATES } from './helpers';
import { segment, valueAt, isOpening, Segment } from './signals';

const NUM_RUNS = Number(process.env.SAFETY_SHELL_RUNS || 300);
const TICK = 40;

function runScenario(segments: Segment[]): void {
  const h = bootOn();
  const { board, hand, core } = h;
  const motion = new MotionChecker();
  let tick = 0;
  const fail = (why: string, seg: number): never => {
    throw new Error(`tick ${tick} (segment ${seg}, levels ${board.levels.join(', ')}): ${why}\n${board.printed.slice(-8).join('\n')}`);
  };
  segments.forEach((s, si) => {
    const a = s.action;
    if (isOpening(a)) motion.opening();
    try {
      if (a.kind === 'press') board.pressButton();
      else if (a.kind === 'set') hand.set(a.finger, a.position);
      else if (a.kind !== 'none') hand[a.kind]();
    } catch (e) {
      fail(`hand.${a.kind} threw ${e}`, si);
    }
    for (let t = 0; t < s.ms; t += TICK) {
      s.sites.forEach((shape, i) => (board.levels[i] = valueAt(shape, t, s.ms)));
      const writes = board.writes.length;
      const kicks = board.kicks;
      try {
        board.tick();
      } catch (e) {
        fail(`the tick threw ${e}`, si);
      }
      tick++;
      // A healthy tick (nothing threw inside it) always kicks the watchdog, exactly once.
      if (board.kicks !== kicks + 1) fail(`watchdog kicked ${board.kicks - kicks} times in one tick`, si);
      for (const w of board.writes.slice(writes)) {
        if (w.pulseUs !== 0 && !(w.pulseUs >= PULSE_MIN && w.pulseUs <= PULSE_MAX)) fail(`${FINGERS[w.servo]} pulse ${w.pulseUs} µs`, si);
      }
      const st = hand.status();
      if (!STATES.includes(st.state)) fail(`invalid state ${st.state}`, si);
      if (st.faults.includes('loopError')) fail('loopError: an exception inside the firmware', si);
      // Exact positions from the core (status() rounds to 3 decimals).
      const why = motion.observe(
        st.state,
        core.fingers.list.map((f: { position: number }) => f.position),
      );
      if (why) fail(`${why} (state ${st.state}, faults ${st.faults.join(',')}, action ${JSON.stringify(a)})`, si);
      // A reading that is NaN, infinite or above 1 on a site is seen on the very tick it arrives.
      s.sites.forEach((_, i) => {
        const l = board.levels[i];
        if ((l !== l || l > 1) && !st.faults.some((f: string) => f.startsWith(i ? 'extensor' : 'flexor')))
          fail(`site ${i} read ${l} but no fault is shown`, si);
      });
    }
  });
}

describe('fuzzing the firmware shell over the fake board (unclamped levels)', () => {
  test(`random levels (NaN, ±Infinity, negative, >1, bursts, rails), presses and console calls (seed ${SEED}, ${NUM_RUNS} runs)`, () => {
    fc.assert(fc.property(fc.array(segment, { minLength: 1, maxLength: 25 }), (segments) => runScenario(segments)), {
      seed: SEED,
      numRuns: NUM_RUNS,
    });
  });
});
