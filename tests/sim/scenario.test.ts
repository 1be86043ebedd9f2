// Scenarios of the firmware through the bundle, the scenario format's validation, and determinism.
import { parseScenarioText, runScenario, Scenario, ScenarioError, validateScenario } from '../../sim/scenario';
import { builtFirmware } from './firmware';

let firmware: string;
beforeAll(async () => {
  firmware = (await builtFirmware()).source;
});

function run(s: Scenario, seed?: number) {
  const rows: string[] = [];
  const summary = runScenario(s, { firmware, seed, onRow: (l) => rows.push(l) });
  return { summary, rows };
}

function failures(summary: ReturnType<typeof runScenario>): string[] {
  return summary.expectations.results.filter((r) => !r.ok).map((r) => `${r.description}: ${r.message}`);
}

const openClose: Scenario = {
  meta: { name: 'open/close', seed: 11, durationS: 7 },
  timeline: [
    { at: 1.5, do: 'effort', site: 'flexor', level: 0.6, rampS: 0.2 },
    { at: 3, do: 'effort', site: 'flexor', level: 0 },
    { at: 4, do: 'effort', site: 'extensor', level: 0.6, rampS: 0.2 },
    { at: 5.5, do: 'effort', site: 'extensor', level: 0 },
  ],
  expect: [
    { at: 1.4, check: 'state', equals: 'ready' },
    { at: 1.4, check: 'flexion', finger: 'all', below: 0.01 },
    { at: 2.9, check: 'flexion', finger: 'all', above: 0.95 },
    { at: 3.9, check: 'state', equals: 'holding' },
    { at: 5.4, check: 'flexion', finger: 'all', below: 0.05 },
    { from: 0, check: 'pulses', minUs: 1000, maxUs: 2000 },
    { from: 1.5, to: 3, check: 'led', led: 'green', lit: true, when: 'ever' },
    { check: 'noCrash' },
  ],
};

describe('scenarios through the firmware bundle', () => {
  test('the hand closes on flexor activity and opens on extensor activity', () => {
    const { summary, rows } = run(openClose);
    expect(failures(summary)).toEqual([]);
    expect(summary.ok).toBe(true);
    expect(summary.traceRows).toBe(351);
    expect(rows).toHaveLength(351);
    expect(summary.pulseRangeUs).toEqual([1000, 2000]);
    expect(summary.statesSeen).toEqual(expect.arrayContaining(['ready', 'moving', 'holding']));
    const row = JSON.parse(rows[150]);
    expect(Object.keys(row)).toEqual(expect.arrayContaining(['t', 'effort', 'emg', 'pulse', 'angle', 'flexion', 'led', 'state', 'faults', 'cmd']));
    expect(row.t).toBe(3);
  });

  test('stops at the object: fingers stalled on the cup, the grip held, pulses within range', () => {
    const { summary } = run({
      meta: { name: 'cup', seed: 12, durationS: 5 },
      timeline: [
        { at: 1, do: 'object', shape: 'cup', closure: 0.4 },
        { at: 1.5, do: 'effort', site: 'flexor', level: 0.7 },
        { at: 3, do: 'effort', site: 'flexor', level: 0 },
      ],
      expect: [
        { from: 3, check: 'stalled', finger: 'all' },
        { from: 3, check: 'flexion', above: 0.35, below: 0.45 },
        { from: 3.5, check: 'state', equals: 'holding' },
        { from: 0, check: 'pulses', minUs: 1000, maxUs: 2000 },
      ],
    });
    expect(failures(summary)).toEqual([]);
    expect(summary.stalledSeen).toBe(true);
    expect(summary.maxFlexion).toBeCloseTo(0.4, 2);
  });

  test('never a pulse outside the configured range, whatever the efforts', () => {
    // Random efforts, ramps, both sites at once, artefacts: the pulses stay in 1000..2000 µs.
    let x = 12345;
    const rnd = () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const timeline: Scenario['timeline'] = [];
    for (let t = 1.2; t < 19; t += 0.1 + rnd() * 0.6) {
      const site = rnd() < 0.5 ? 'flexor' : 'extensor';
      if (rnd() < 0.1) timeline.push({ at: +t.toFixed(3), do: 'injectFault', fault: { kind: 'motionArtefact', site, amplitude: rnd() - 0.5 } });
      else timeline.push({ at: +t.toFixed(3), do: 'effort', site, level: +rnd().toFixed(3), rampS: +(rnd() * 0.3).toFixed(3) });
    }
    const { summary } = run({
      meta: { name: 'random efforts', seed: 13, durationS: 20 },
      timeline,
      expect: [{ from: 0, check: 'pulses', minUs: 1000, maxUs: 2000 }, { check: 'noCrash' }],
    });
    expect(failures(summary)).toEqual([]);
    expect(summary.statesSeen).toEqual(expect.arrayContaining(['moving']));
    expect(summary.pulseRangeUs![0]).toBeGreaterThanOrEqual(1000);
    expect(summary.pulseRangeUs![1]).toBeLessThanOrEqual(2000);
  });

  test('enters a fault on electrode lift-off, shows it, and recovers', () => {
    const { summary } = run({
      meta: { name: 'lift-off', seed: 14, durationS: 8 },
      timeline: [
        { at: 2, do: 'injectFault', fault: { kind: 'liftoff', site: 'extensor', mode: 'rail' } },
        { at: 5, do: 'clearFault', kind: 'liftoff' },
      ],
      expect: [
        { from: 3, to: 5, check: 'state', equals: 'fault' },
        { from: 3, to: 5, check: 'fault', name: 'extensor' },
        { from: 3, to: 5, check: 'led', led: 'red', blinking: true },
        { from: 2.7, to: 5, check: 'noMotion' },
        { at: 7, check: 'fault', present: false },
        { from: 0, check: 'pulses', minUs: 1000, maxUs: 2000 },
      ],
    });
    expect(failures(summary)).toEqual([]);
    expect(summary.faultsSeen.some((f) => /extensor/.test(f))).toBe(true);
    expect(summary.simFaultsSeen).toEqual(['liftoff:extensor:rail']);
  });

  test('failing expectations are reported with what was seen', () => {
    const { summary } = run({
      meta: { name: 'wrong', seed: 1, durationS: 3 },
      expect: [
        { at: 2, check: 'state', equals: 'holding' },
        { from: 1.5, check: 'flexion', above: 0.5, when: 'ever' },
        { at: 2, check: 'status', path: 'batteryV', below: 1 },
      ],
    });
    expect(summary.ok).toBe(false);
    expect(summary.expectations).toMatchObject({ passed: 0, failed: 3 });
    expect(failures(summary)).toEqual([
      'state equals="holding" at 2 s: state is "ready", expected "holding"',
      expect.stringMatching(/^flexion above=0.5 ever in 1.5..end s: never held \(first: at 1.52 s: flexion thumb=0/),
      expect.stringMatching(/^status path="batteryV" below=1 at 2 s: status.batteryV is 4.\d+, expected below 1$/),
    ]);
  });

  test('same scenario and seed give an identical trace; another seed a different one', () => {
    const a = run(openClose);
    const b = run(openClose);
    expect(b.rows).toEqual(a.rows);
    const c = run(openClose, 99);
    expect(c.summary.seed).toBe(99);
    expect(c.rows).not.toEqual(a.rows);
    expect(c.rows).toHaveLength(a.rows.length);
  });

  test('a glove drives the flex pins: the trace and the checks see them follow its bends, not the fingers', () => {
    const glove: Scenario = {
      meta: { name: 'glove', seed: 15, durationS: 4, flexSource: 'glove' },
      timeline: [
        { at: 1, do: 'glove', bends: [0, 1, 0, 0, 0] },
        { at: 2, do: 'glove', bends: [1, 1, 0, 0, 1], rampS: 1 },
        // the prosthetic hand closes meanwhile: the flex pins do not see it
        { at: 2, do: 'effort', site: 'flexor', level: 0.6, rampS: 0.2 },
      ],
      expect: [
        { at: 0.9, check: 'sim', path: 'flexAdc.1', below: 0.4 },
        { from: 1.1, to: 4, check: 'sim', path: 'flexAdc.1', above: 0.63 },
        { from: 1.1, to: 4, check: 'sim', path: 'flexAdc.2', below: 0.4 },
        { at: 2.5, check: 'sim', path: 'glove.0', equals: 0.5 },
        { from: 3.1, to: 4, check: 'sim', path: 'flexAdc.4', above: 0.63 },
        { from: 3.5, to: 4, check: 'flexion', finger: 'middle', above: 0.95 },
        { check: 'noCrash' },
      ],
    };
    const { summary, rows } = run(glove);
    expect(failures(summary)).toEqual([]);
    expect(summary.ok).toBe(true);
    const at = (t: number) => rows.map((l) => JSON.parse(l)).find((r) => r.t === t);
    expect(at(0.5).glove).toEqual([0, 0, 0, 0, 0]);
    expect(at(1.5).glove).toEqual([0, 1, 0, 0, 0]);
    expect(at(1.5).events).toBeUndefined();
    expect(at(1).events).toEqual([{ do: 'glove', bends: [0, 1, 0, 0, 0] }]);
    const end = at(4);
    expect(end.glove).toEqual([1, 1, 0, 0, 1]);
    expect(end.flexion.every((f: number) => f > 0.95)).toBe(true);
    expect(end.flexAdc.map((v: number) => (v > 0.63 ? 'bent' : v < 0.4 ? 'straight' : '?'))).toEqual(['bent', 'bent', 'straight', 'straight', 'bent']);
    // the same scenario without the glove: the pins follow the closed fingers instead
    const { rows: fingerRows } = run({ meta: { ...glove.meta, flexSource: 'fingers' }, timeline: glove.timeline!.filter((e) => e.do !== 'glove') });
    const last = JSON.parse(fingerRows[fingerRows.length - 1]);
    expect(last.glove).toBeUndefined();
    expect(last.flexAdc.every((v: number) => v > 0.63)).toBe(true);
  });

  test('a replay of a missing shared recording skips the scenario with a message', () => {
    const s: Scenario = {
      meta: { name: 'replay', seed: 1, durationS: 2 },
      timeline: [{ at: 0.5, do: 'replay', site: 'flexor', file: 'myo-wrist/none/0.txt', channel: 'e1' }],
    };
    const summary = runScenario(s, { firmware, sharedEmgDir: '/nonexistent/shared/emg' });
    expect(summary.skipped).toMatch(/absent/);
    expect(summary.traceRows).toBe(0);
  });
});

describe('scenario validation', () => {
  const base = { meta: { name: 'x', seed: 1, durationS: 5 } };
  const problems = (doc: unknown): string[] => {
    try {
      validateScenario(doc, 'x.json');
    } catch (e) {
      expect(e).toBeInstanceOf(ScenarioError);
      return (e as ScenarioError).problems;
    }
    return [];
  };

  test('a valid scenario passes', () => {
    expect(problems(openClose)).toEqual([]);
  });

  test('errors name the path of the problem', () => {
    expect(problems({ ...base, timeline: [{ at: 1, do: 'effort', site: 'flexor', level: 1.5 }] })).toEqual(['timeline[0].level: must be <= 1']);
    expect(problems({ ...base, timeline: [{ at: 1, do: 'effort', site: 'biceps', level: 0.5 }] })).toEqual(['timeline[0].site: must be one of "flexor", "extensor"']);
    expect(problems({ ...base, timeline: [{ at: 1, do: 'wave' }] })).toEqual([
      'timeline[0].do: unknown event "wave" (expected one of effort, glove, object, button, injectFault, clearFault, battery, console, replay, stopReplay, powerCycle)',
    ]);
    expect(problems({ ...base, timeline: [{ at: 1, do: 'effort', site: 'flexor', level: 0.5, lvl: 1 }] })).toEqual(['timeline[0]: unknown property "lvl"']);
    expect(problems({ ...base, timeline: [{ at: 1, do: 'injectFault', fault: { kind: 'liftoff', site: 'flexor' } }] })).toEqual(['timeline[0].fault: missing "mode"']);
    expect(problems({ ...base, timeline: [{ at: 1, do: 'object', shape: 'cup' }] })).toEqual(['timeline[0]: missing "closure"']);
    expect(problems({ ...base, expect: [{ at: 1, check: 'flexion', finger: 'pinky', above: 0.5 }] })).toEqual([
      'expect[0].finger: must be one of "all", "any", "thumb", "index", "middle", "ring", "little"',
    ]);
    expect(problems({ meta: { name: 'x', durationS: 5 } })).toEqual(['meta: missing "seed"']);
    expect(problems({ ...base, extra: 1 })).toEqual(['(top level): unknown property "extra"']);
  });

  test('glove events: five bends 0..1, with their paths; only with meta.flexSource "glove"', () => {
    const gloveBase = { meta: { ...base.meta, flexSource: 'glove' } };
    expect(problems({ ...gloveBase, timeline: [{ at: 1, do: 'glove', bends: [0, 1, 0.5, 0, 1], rampS: 0.3 }] })).toEqual([]);
    expect(problems({ ...gloveBase, timeline: [{ at: 1, do: 'glove', bends: [0, 1, 0] }] })).toEqual(['timeline[0].bends: must NOT have fewer than 5 items']);
    expect(problems({ ...gloveBase, timeline: [{ at: 1, do: 'glove', bends: [0, 0, 0, 0, 0, 0] }] })).toEqual(['timeline[0].bends: must NOT have more than 5 items']);
    expect(problems({ ...gloveBase, timeline: [{ at: 1, do: 'effort', site: 'flexor', level: 0 }, { at: 1, do: 'glove', bends: [0, 1.5, 0, -0.1, 0] }] })).toEqual([
      'timeline[1].bends[1]: must be <= 1',
      'timeline[1].bends[3]: must be >= 0',
    ]);
    expect(problems({ ...gloveBase, timeline: [{ at: 1, do: 'glove', bends: [0, '1', 0, 0, 0] }] })).toEqual(['timeline[0].bends[1]: must be number']);
    expect(problems({ ...gloveBase, timeline: [{ at: 1, do: 'glove' }] })).toEqual(['timeline[0]: missing "bends"']);
    expect(problems({ ...gloveBase, timeline: [{ at: 1, do: 'glove', bends: [0, 0, 0, 0, 0], rampS: -1 }] })).toEqual(['timeline[0].rampS: must be >= 0']);
    expect(problems({ meta: { ...base.meta, flexSource: 'sleeve' } })).toEqual(['meta.flexSource: must be one of "fingers", "glove"']);
    expect(problems({ ...base, timeline: [{ at: 1, do: 'glove', bends: [0, 0, 0, 0, 0] }] })).toEqual([
      'timeline[0]: a glove event needs meta.flexSource "glove" (the flex sensors are on the fingers)',
    ]);
  });

  test('what the schema cannot say: times inside the run, windows, comparisons', () => {
    expect(
      problems({
        ...base,
        timeline: [{ at: 9, do: 'effort', site: 'flexor', level: 0.5 }, { at: 1, do: 'battery' }],
        expect: [{ check: 'state', equals: 'ready' }, { from: 3, to: 2, check: 'noMotion' }, { at: 1, check: 'flexion' }, { at: 1, check: 'led', led: 'red', blinking: true }],
      }),
    ).toEqual([
      'timeline[0].at: 9 s is after the end of the run (meta.durationS 5)',
      'timeline[1]: give exactly one of "chargeFraction" and "voltage"',
      'expect[0]: missing "at" (an instant) or "from" (a window)',
      'expect[1]: "to" (2) must be after "from" (3)',
      'expect[2]: nothing to compare (give "above" or "below")',
      'expect[3]: "blinking" needs a window ("from"/"to")',
    ]);
  });

  test('JSON syntax errors say where', () => {
    expect(() => parseScenarioText('{"meta": {"name": "x",, }}', 'bad.json')).toThrow(/bad\.json: invalid scenario:\n {2}- not valid JSON \(line 1, column \d+\)/);
  });
});
