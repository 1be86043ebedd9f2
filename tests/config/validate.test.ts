import { v1Document, v2Document } from './documents';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { defaultConfig } from '../../firmware/config/defaults';
import { checkConfig, validateConfig } from '../../firmware/config/validate';
import { CONFIG_VERSION, migrateConfig } from '../../firmware/config/migrate';
import { configSchema, PULSE_MAX_US, PULSE_MIN_US } from '../../firmware/config/schema';
import { GRIP_NAMES } from '../../firmware/core/grips';
import { describeReport, validateConfigFile, validateConfigText } from '../../tools/config/validate';

const ROOT = path.resolve(__dirname, '..', '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'grasp-config-'));
function file(name: string, text: string): string {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, text);
  return p;
}
const doc = (edit?: (c: any) => void): any => {
  const c: any = defaultConfig();
  if (edit) edit(c);
  return c;
};


/**
 * A version-1 document (firmware before the grip library), calibrated: no `grips`, and safety and
 * battery without the limits version 2 added.
 */
function v1(): any {
  const c = v1Document();
  c.emg[0].restLevel = 0.041;
  c.emg[0].maxLevel = 0.387;
  c.emg[1].restLevel = 0.052;
  c.emg[1].maxLevel = 0.412;
  c.control.onLevel = 0.26;
  c.control.offLevel = 0.13;
  c.fingers[3].inverted = true;
  return c;
}

describe('configuration validation (the schema the firmware and the desktop share)', () => {
  test('the defaults are valid', () => {
    expect(validateConfig(defaultConfig())).toEqual([]);
  });

  test('reports every problem at once, each with its path', () => {
    const errors = checkConfig(
      doc((c) => {
        c.fingers[2].maxPulseUs = 3100;
        c.fingers[0].minPulseUs = 400;
        c.tickMs = '40';
        c.control.mode = 'three-site';
        c.servo.releaseWhenHolding = 'no';
        c.safety.railMs = 12.5;
        c.fingerz = [];
        c.control.speed = 1;
        delete c.battery.dividerRatio;
        c.flexPins = 'A0';
      }),
    );
    expect(errors.sort()).toEqual(
      [
        'fingers[2].maxPulseUs: 3100 is above 2500',
        'fingers[0].minPulseUs: 400 is below 500',
        'tickMs: "40" is not a number',
        'control.mode: "three-site" is not one of two-site, one-site-toggle, one-site-level, position, flex-mirror',
        'servo.releaseWhenHolding: "no" is not true or false',
        'safety.railMs: 12.5 is not a whole number',
        'unknown key "fingerz"',
        'control: unknown key "speed"',
        'battery.dividerRatio: missing',
        'flexPins: "A0" is not a list',
      ].sort(),
    );
  });

  test('wrong-typed documents and parts: not an object, not a list, null', () => {
    expect(checkConfig([])).toEqual(['version: missing']);
    expect(validateConfig('config')).toEqual(['"config" is not an object']);
    expect(checkConfig(doc((c) => (c.control = null)))).toEqual(['control: null is not an object']);
    expect(checkConfig(doc((c) => (c.emg = { pin: 'A5' })))).toEqual(['emg: {"pin":"A5"} is not a list']);
    expect(checkConfig(doc((c) => (c.fingers[1] = 7)))).toEqual(['fingers[1]: 7 is not an object']);
    expect(checkConfig(doc((c) => (c.fingers[1].name = '')))).toEqual(['fingers[1].name: "" is not 1..12 characters']);
  });

  test('pins must be able to do what they are asked, and be used once', () => {
    const errors = checkConfig(
      doc((c) => {
        c.emg[0].pin = 'B2';
        c.fingers[0].pin = 'A4';
        c.fingers[3].pin = 'B6';
        c.fingers[4].pin = 'B4'; // index has it
        c.flexPins[4] = 'A6'; // the extensor EMG has it
        c.battery.pin = 'A11';
      }),
    );
    expect(errors).toEqual([
      'emg[0].pin: "B2" cannot read analog (ADC pins: A0-A7, B0, B1)',
      'fingers[0].pin: "A4" cannot drive a servo (PWM pins: A0-A3, A5-A8, A10, A15, B0, B1, B3-B5, B8-B10, B13-B15)',
      'fingers[3].pin: "B6" is the console (no USB), use another',
      'fingers[4].pin: "B4" is used by fingers[1].pin already',
      'flexPins[4]: "A6" is used by emg[1].pin already',
      'battery.pin: "A11" is used by USB, use another',
    ]);
  });

  test('fields that must be in order, sites that must match the mode, names used once', () => {
    const errors = checkConfig(
      doc((c) => {
        c.fingers[1].minPulseUs = 2000;
        c.fingers[1].maxPulseUs = 1500;
        c.control.offLevel = 0.3;
        c.emg[1].restLevel = 0.7;
        c.fingers[4].name = 'thumb';
        c.control.mode = 'one-site-level';
      }),
    );
    expect(errors).toEqual([
      'emg[1].restLevel: 0.7 must be below maxLevel (0.6)',
      'control.offLevel: 0.3 must be below onLevel (0.2)',
      'fingers[1].minPulseUs: 2000 must be below maxPulseUs (1500)',
      'fingers[4].name: "thumb" is used by fingers[0].name already',
      'emg: mode one-site-level needs 1 site(s), not 2',
    ]);
    expect(checkConfig(doc((c) => c.emg.pop()))).toEqual(['emg: mode two-site needs 2 site(s), not 1']);
    expect(checkConfig(doc((c) => (c.emg = [])))).toEqual(['emg: has 0 items, allowed 1..2', 'emg: mode two-site needs 2 site(s), not 0']);
  });

  test('the board takes only its own version: an older one says how to bring it forward, a newer one to update', () => {
    expect(checkConfig(doc((c) => (c.version = 1)))).toEqual(['version: 1 is old: npx grasp config set updates it']);
    expect(checkConfig(doc((c) => (c.version = 2)))).toEqual(['version: 2 is old: npx grasp config set updates it']);
    expect(checkConfig(doc((c) => (c.version = 4)))).toEqual(['version: 4 is newer: update firmware']);
    expect(checkConfig(doc((c) => delete c.version))).toEqual(['version: missing']);
    // Validated without the version check (as before a save), an old version is out of range.
    expect(validateConfig(doc((c) => (c.version = 2)))).toEqual(['version: 2 is below 3']);
  });

  test('the desktop migration refuses a version-0 document, a newer one, or no usable version, with what to do', () => {
    const migrate = (edit: (c: any) => void) => migrateConfig(doc(edit));
    expect(migrate((c) => (c.version = 0))).toBe('version: 0 is too old: start from hand.config()');
    expect(migrate((c) => (c.version = 4))).toBe('version: 4 is newer: update firmware');
    expect(migrate((c) => delete c.version)).toBe('version: missing');
    for (const v of ['1', 1.5, -1, null]) expect(migrate((c) => (c.version = v))).toBe('version: ' + JSON.stringify(v) + ' is not a version');
  });
});

describe('the schema', () => {
  test('is the shape of the defaults with a rule per leaf, in step with them (RULES follows their key order)', () => {
    const pulse = 'i' + PULSE_MIN_US + ',' + PULSE_MAX_US;
    expect(configSchema()).toEqual({
      version: 'i3,3',
      tickMs: 'i20,100',
      emg: [{ pin: 'a', signal: 'eenvelope,raw', sampleRateHz: 'i100,2000', restLevel: 'n0,1,maxLevel', maxLevel: 'n0,1' }, 1, 2],
      control: {
        mode: 'etwo-site,one-site-toggle,one-site-level,position,flex-mirror',
        onLevel: 'n.02,.95,levelCloseAbove',
        offLevel: 'n.01,.9,onLevel',
        minOnMs: 'i0,1000',
        minOffMs: 'i0,2000',
        smoothingMs: 'i0,1000',
        baselineMs: 'i500,6e5',
        fullSpeedPerS: 'n.1,10',
        minSpeedFraction: 'n0,1',
        toggleMaxMs: 'i100,3000',
        levelCloseAbove: 'n.05,1',
      },
      fingers: [{ name: 'w', pin: 'p', minPulseUs: pulse + ',maxPulseUs', maxPulseUs: pulse, inverted: 'b', maxSpeedPerS: 'n.1,20' }, 1, 5],
      grips: {
        default: 'w',
        user: [{ name: 'w', keys: 'k' }, 0, 4],
        coContractionMs: 'i0,500',
        holdOpenMs: 'i0,1e4',
        doubleImpulseMs: 'i0,2000',
        returnMs: 'i0,6e5',
        arbitration: 'efirst,stronger',
      },
      servo: { releaseAfterMs: 'i0,6e5', releaseWhenHolding: 'b' },
      safety: {
        faultAction: 'ehold,open',
        railMargin: 'n0,.2',
        railMs: 'i40,1e4',
        recoverMs: 'i0,1e4',
        stallMs: 'i0,5000',
        maxSqueezeMs: 'i0,6e5',
        maxStarts: 'i1,5',
        hostTimeoutMs: 'i100,5000',
      },
      flexPins: ['a', 0, 5],
      flex: { straight: ['n0,1', 0, 5], bent: ['n0,1', 0, 5] },
      battery: { pin: 'a', dividerRatio: 'n.05,1', lowV: 'n2.5,5', criticalV: 'n2.5,5,lowV' },
      watchdogS: 'n.5,10',
    });
    expect(configSchema().version).toBe('i' + CONFIG_VERSION + ',' + CONFIG_VERSION);
  });
});

describe('version 2: grips, stall/squeeze/start/host limits, battery levels', () => {
  /** [field, highest (or lowest) valid value, the value just past it, the message] */
  const nearMisses: [string, unknown, unknown, string][] = [
    ['grips.coContractionMs', 500, 501, '501 is above 500'],
    ['grips.coContractionMs', 0, -1, '-1 is below 0'],
    ['grips.coContractionMs', 80, 80.5, '80.5 is not a whole number'],
    ['grips.holdOpenMs', 10000, 10001, '10001 is above 10000'],
    ['grips.doubleImpulseMs', 2000, 2001, '2001 is above 2000'],
    ['grips.returnMs', 600000, 600001, '600001 is above 600000'],
    ['grips.returnMs', 0, -1, '-1 is below 0'],
    ['grips.arbitration', 'stronger', 'loudest', '"loudest" is not one of first, stronger'],
    ['grips.default', 'hook', 'fist', '"fist" is not a grip; use a user grip or one of ' + GRIP_NAMES.join(', ')],
    ['safety.stallMs', 5000, 5001, '5001 is above 5000'],
    ['safety.maxSqueezeMs', 600000, 600001, '600001 is above 600000'],
    ['safety.maxStarts', 1, 0, '0 is below 1'],
    ['safety.maxStarts', 5, 6, '6 is above 5'],
    ['safety.hostTimeoutMs', 100, 99, '99 is below 100'],
    ['safety.hostTimeoutMs', 5000, 5001, '5001 is above 5000'],
    ['battery.lowV', 5, 5.01, '5.01 is above 5'],
    ['battery.criticalV', 2.5, 2.49, '2.49 is below 2.5'],
    ['battery.criticalV', 3.49, 3.5, '3.5 must be below lowV (3.5)'],
  ];
  const set = (c: any, field: string, value: unknown) => {
    const [section, key] = field.split('.');
    c[section][key] = value;
  };
  test.each(nearMisses)('%s: %p is valid, %p is not', (field, good, bad, message) => {
    expect(checkConfig(doc((c) => set(c, field, good)))).toEqual([]);
    expect(checkConfig(doc((c) => set(c, field, bad)))).toEqual([field + ': ' + message]);
  });

  test('each new field is required, and of the right type', () => {
    expect(checkConfig(doc((c) => delete c.grips))).toEqual(['grips: missing']);
    expect(checkConfig(doc((c) => delete c.safety.hostTimeoutMs))).toEqual(['safety.hostTimeoutMs: missing']);
    expect(checkConfig(doc((c) => delete c.battery.criticalV))).toEqual(['battery.criticalV: missing']);
    expect(checkConfig(doc((c) => (c.grips.user = {})))).toEqual(['grips.user: {} is not a list']);
    expect(checkConfig(doc((c) => (c.grips.default = 1)))).toEqual(['grips.default: 1 is not a string']);
    expect(checkConfig(doc((c) => (c.safety.maxStarts = '2')))).toEqual(['safety.maxStarts: "2" is not a number']);
    expect(checkConfig(doc((c) => (c.grips.colour = 'red')))).toEqual(['grips: unknown key "colour"']);
  });

  test('the default grip: any built-in, or a user grip', () => {
    for (const name of GRIP_NAMES) expect(checkConfig(doc((c) => (c.grips.default = name)))).toEqual([]);
    const mug = { name: 'mug', keys: [[0, 0, 0, 0, 0, 0], [1, 0.6, 0.9, 0.9, 0.9, 0.9]] };
    expect(checkConfig(doc((c) => ((c.grips.user = [mug]), (c.grips.default = 'mug'))))).toEqual([]);
    expect(checkConfig(doc((c) => (c.grips.default = 'mug')))[0]).toMatch(/^grips\.default: "mug" is not a grip/);
    expect(checkConfig(doc((c) => (c.grips.default = 'Power')))[0]).toMatch(/^grips\.default: "Power" is not a grip/);
  });

  const grip = (name: string, ...keys: number[][]) => ({ name, keys });
  const ok = grip('mug', [0, 0, 0, 0, 0, 0], [0.5, 0.4, 0.5, 0.5, 0.5, 0.5], [1, 0.6, 0.9, 0.9, 0.9, 0.9]);

  test('user grips: up to 4, each with a unique name that is not a built-in one, and keys the grip library accepts', () => {
    const four = ['a', 'b', 'c', 'd'].map((n) => ({ ...ok, name: n }));
    expect(checkConfig(doc((c) => (c.grips.user = four)))).toEqual([]);
    expect(checkConfig(doc((c) => (c.grips.user = [...four, { ...ok, name: 'e' }])))).toEqual(['grips.user: has 5 items, allowed 0..4']);
    // A grip may share a finger's name: they are different lists.
    expect(checkConfig(doc((c) => (c.grips.user = [{ ...ok, name: 'index' }])))).toEqual([]);
    expect(checkConfig(doc((c) => (c.grips.user = [ok, { ...ok }])))).toEqual(['grips.user[1].name: "mug" is used by grips.user[0].name already']);
    expect(checkConfig(doc((c) => (c.grips.user = [{ ...ok, name: 'power' }])))).toEqual(['grips.user[0].name: "power" is used by a built-in grip already']);
    expect(checkConfig(doc((c) => (c.grips.user = [{ ...ok, name: '' }])))).toEqual(['grips.user[0].name: "" is not 1..12 characters']);
    expect(checkConfig(doc((c) => (c.grips.user = [{ ...ok, name: 'a'.repeat(13) }])))[0]).toMatch(/is not 1\.\.12 characters$/);
    expect(checkConfig(doc((c) => (c.grips.user = [7])))).toEqual(['grips.user[0]: 7 is not an object']);
    expect(checkConfig(doc((c) => (c.grips.user = [{ name: 'mug' }])))).toEqual(['grips.user[0].keys: missing']);
    expect(checkConfig(doc((c) => (c.grips.user = [{ ...ok, note: 'x' }])))).toEqual(['grips.user[0]: unknown key "note"']);
    expect(checkConfig(doc((c) => (c.grips.user = [{ ...ok, keys: 'x' }])))).toEqual(['grips.user[0].keys: "x" is not a list']);
  });

  test("a user grip's keys: checkGrip's rules, reported with their path", () => {
    const keys = (...k: number[][]) => checkConfig(doc((c) => (c.grips.user = [grip('mug', ...k)])));
    expect(keys([0, 0, 0, 0, 0, 0], [1, 1, 1, 1, 1, 1])).toEqual([]);
    expect(keys([0, 0, 0, 0, 0, 0])).toEqual(['grips.user[0].keys: give 2..8 keys']);
    expect(keys(...Array.from({ length: 9 }, (_, i) => [i / 8, 0, 0, 0, 0, 0]))).toEqual(['grips.user[0].keys: give 2..8 keys']);
    expect(keys([0.1, 0, 0, 0, 0, 0], [1, 1, 1, 1, 1, 1])).toEqual(['grips.user[0].keys[0][0]: must be 0']);
    expect(keys([0, 0, 0, 0, 0, 0], [0.5, 1, 1, 1, 1, 1], [0.5, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1])).toEqual(['grips.user[0].keys[2][0]: must be above 0.5']);
    expect(keys([0, 0, 0, 0, 0, 0], [0.99, 1, 1, 1, 1, 1])).toEqual(['grips.user[0].keys[1][0]: must be 1']);
    expect(keys([0, 0, 0, 0, 0, 0], [1, 1, 1.01, 1, 1, 1])).toEqual(['grips.user[0].keys[1][2]: give a number in 0..1']);
    expect(keys([0, 0, 0, 0, 0], [1, 1, 1, 1, 1, 1])).toEqual(['grips.user[0].keys[0]: give 6 numbers (at, then one per finger)']);
    // With three fingers a key has 4 numbers, or the built-ins' 6.
    const three = (...k: number[][]) =>
      checkConfig(
        doc((c) => {
          c.fingers = c.fingers.slice(0, 3);
          c.flexPins = c.flexPins.slice(0, 3);
          c.grips.user = [grip('mug', ...k)];
        }),
      );
    expect(three([0, 0, 0, 0], [1, 1, 1, 1, 1, 1])).toEqual([]);
    expect(three([0, 0, 0, 0, 0], [1, 1, 1, 1])).toEqual(['grips.user[0].keys[0]: give 4 numbers (at, then one per finger)']);
  });
});

describe('migration (on the desktop) to version 3', () => {
  test('a version-1 document gains the grips, the new limits and an empty flex calibration with the defaults\' values, and keeps its calibration', () => {
    const old = v1();
    const d = JSON.parse(JSON.stringify(old));
    expect(migrateConfig(d)).toBe('');
    expect(checkConfig(d)).toEqual([]);
    const def = defaultConfig();
    expect(d).toEqual({
      ...old,
      version: 3,
      grips: def.grips,
      safety: { ...old.safety, stallMs: 500, maxSqueezeMs: 60000, maxStarts: 2, hostTimeoutMs: 300 },
      battery: { ...old.battery, lowV: 3.5, criticalV: 3.3 },
      flex: { straight: [], bent: [] },
    });
    expect(d.emg.map((e: any) => [e.restLevel, e.maxLevel])).toEqual([
      [0.041, 0.387],
      [0.052, 0.412],
    ]);
    expect(d.grips.default).toBe('power');
  });

  test('only the new fields are added: a version-1 document missing an old one still says so', () => {
    const edited = (edit: (c: any) => void) => {
      const c = v1();
      edit(c);
      return migrateConfig(c) || checkConfig(c);
    };
    expect(edited((c) => delete c.safety.railMs)).toEqual(['safety.railMs: missing']);
    expect(edited((c) => (c.safety = 'x'))).toEqual(['safety: "x" is not an object']);
    expect(edited((c) => delete c.battery)).toEqual(['battery: missing']);
  });

  test('a version-2 document gains only the empty flex calibration', () => {
    const old = v2Document();
    const d = JSON.parse(JSON.stringify(old));
    expect(migrateConfig(d)).toBe('');
    expect(d).toEqual({ ...old, version: 3, flex: { straight: [], bent: [] } });
    expect(checkConfig(d)).toEqual([]);
  });

});

describe('tools/config/validate.ts (desktop)', () => {
  test('a valid file, and old ones the firmware will migrate', () => {
    const okFile = file('ok.json', JSON.stringify(defaultConfig(), null, 2));
    expect(validateConfigFile(okFile)).toMatchObject({ ok: true, errors: [], fileVersion: 3 });
    expect(describeReport(okFile, validateConfigFile(okFile))).toBe(okFile + ': valid');
    const one = file('one.json', JSON.stringify(v1(), null, 2));
    const r1 = validateConfigFile(one);
    expect(r1).toMatchObject({ ok: true, fileVersion: 1 });
    expect(r1.config!.grips.default).toBe('power');
    expect(describeReport(one, r1)).toBe(one + ': valid (version 1: grasp config set migrates it to 3)');
    const bad = v1();
    bad.battery.pin = 'B2';
    expect(validateConfigFile(file('bad1.json', JSON.stringify(bad)))).toMatchObject({ ok: false, errors: ['battery.pin: "B2" cannot read analog (ADC pins: A0-A7, B0, B1)'], fileVersion: 1 });
  });

  test('corrupt JSON is reported with its line and column', () => {
    const text = '{\n  "version": 1,\n  "tickMs": 40\n  "emg": []\n}\n';
    expect(validateConfigText(text).errors).toEqual(['line 4, column 3: not JSON: expected "," or "}", found "\\""']);
    expect(validateConfigText('{"version": 1, "tickMs": 4O}').errors).toEqual(['line 1, column 27: not JSON: expected "," or "}", found "O"']);
    expect(validateConfigText("{'version': 1}").errors).toEqual(['line 1, column 2: not JSON: expected a key in double quotes, found "\'"']);
  });

  test('a truncated file says it ends too soon', () => {
    const full = JSON.stringify(defaultConfig(), null, 2);
    const r = validateConfigText(full.slice(0, 200));
    expect(r.ok).toBe(false);
    expect(r.errors[0]).toMatch(/^line \d+, column \d+: not JSON: expected .*, found the end of the file$/);
  });

  test('a missing file says so', () => {
    expect(validateConfigFile(path.join(tmp, 'nope.json')).errors[0]).toMatch(/^cannot read the file: ENOENT/);
  });

  test('the CLI lists every problem and exits 1, or exits 0 for valid files', () => {
    const good = file('good.json', JSON.stringify(defaultConfig()));
    const bad = file('bad.json', JSON.stringify(doc((c) => ((c.fingers[2].maxPulseUs = 3100), (c.fingerz = 1)))));
    const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
    const script = path.join(ROOT, 'tools', 'config', 'validate.ts');
    expect(execFileSync(tsx, [script, good], { encoding: 'utf8' })).toBe(`${good}: valid\n`);
    let out = '';
    let status = 0;
    try {
      execFileSync(tsx, [script, good, bad], { encoding: 'utf8' });
    } catch (e: any) {
      out = e.stdout;
      status = e.status;
    }
    expect(status).toBe(1);
    expect(out).toBe(`${good}: valid\n${bad}: 2 problems\n  fingers[2].maxPulseUs: 3100 is above 2500\n  unknown key "fingerz"\n`);
  });
});
