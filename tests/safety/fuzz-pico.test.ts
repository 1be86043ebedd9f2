// Fuzzing the built bundle in a Virtual Pico: random sensor streams on the EMG pins A5/A6, random
// button presses and console commands; the safety invariants are checked after every tick.
// The Virtual Pico's analogRead behaves like the Pico's ADC (NaN reads 0, everything is clamped
// to 0..4095/4096 and quantised), so NaN/Infinity/out-of-range here exercise rails and zeros;
// fuzz-shell.test.ts feeds the same streams unclamped through the shell's fake board.
import fc from 'fast-check';
import { bundle, bootPico, picoPulses, picoStatus, pulseOk, MotionChecker, FINGERS, SEED, TICK_MS } from './helpers';
import { segment, valueAt, commandLine, isOpening, Segment } from './signals';

let source: string;
beforeAll(async () => {
  source = await bundle();
});

const NUM_RUNS = Number(process.env.SAFETY_RUNS || 60);

function runScenario(segments: Segment[], picoSeed: number): void {
  const { vp, emg } = bootPico(source, picoSeed);
  const motion = new MotionChecker();
  let buttonDown = false;
  let tick = 0;
  const fail = (why: string, seg: number) => {
    throw new Error(`tick ${tick} (t=${vp.nowS().toFixed(2)} s, segment ${seg}): ${why}\n${vp.output().slice(-600)}`);
  };
  // Boot under the first segment's signals (booting must be safe too).
  segments.forEach((s, si) => {
    const t0 = vp.nowS();
    s.sites.forEach((shape, i) => (emg[i] = (tS) => valueAt(shape, (tS - t0) * 1000, s.ms)));
    const a = s.action;
    if (isOpening(a)) motion.opening();
    if (a.kind === 'press') {
      vp.setDigitalIn('BTN', true);
      buttonDown = true;
    }
    const line = commandLine(a);
    if (line) {
      try {
        vp.eval(line);
      } catch (e) {
        fail(`${line} threw ${e}`, si);
      }
    }
    for (let t = 0; t < s.ms; t += TICK_MS) {
      vp.advance(TICK_MS);
      tick++;
      if (buttonDown) {
        vp.setDigitalIn('BTN', false);
        buttonDown = false;
      }
      const errors = vp.errors();
      if (errors.length) fail(`uncaught error: ${errors.join(' | ')}`, si);
      if (vp.resets) fail('the board reset (watchdog?)', si);
      const pulses = picoPulses(vp);
      pulses.forEach((us, i) => {
        if (!pulseOk(us)) fail(`${FINGERS[i]} pulse ${us} µs outside 1000..2000`, si);
      });
      const st = picoStatus(vp);
      const why = motion.observe(
        st.state,
        FINGERS.map((f) => st.fingers[f]),
      );
      if (why) fail(`${why} (state ${st.state}, faults ${st.faults.join(',')}, action ${JSON.stringify(a)})`, si);
    }
  });
}

describe('fuzzing the bundle in a Virtual Pico', () => {
  test(`random EMG streams, presses and commands keep every safety invariant (seed ${SEED}, ${NUM_RUNS} runs)`, () => {
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 25 }), fc.integer({ min: 1, max: 1000 }), (segments, picoSeed) =>
        runScenario(segments, picoSeed),
      ),
      { seed: SEED, numRuns: NUM_RUNS },
    );
  });

  test('a flexor contraction with the fuzz harness moves the hand (the harness can see motion)', () => {
    // Guards against a vacuous fuzz: the same checks, on a stream that must close the hand.
    const { vp, emg } = bootPico(source);
    vp.advance(1500);
    emg[0] = () => 0.5;
    const motion = new MotionChecker();
    let moved = 0;
    for (let i = 0; i < 50; i++) {
      vp.advance(TICK_MS);
      const st = picoStatus(vp);
      expect(motion.observe(st.state, FINGERS.map((f) => st.fingers[f]))).toBeNull();
      moved = Math.max(moved, st.fingers.thumb);
    }
    expect(moved).toBe(1);
    expect(picoPulses(vp)).toEqual([2000, 2000, 2000, 2000, 2000]);
  });
});
