import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { defaultConfig } from '../../firmware/config/defaults';
import { checkConfig, validateConfig } from '../../firmware/config/validate';
import { validateConfigFile, validateConfigText } from '../../tools/config/validate';

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

/** A version-0 document (firmware 0.0.x): `servos` with open/closed pulses, one `threshold`. */
function v0(): any {
  const c: any = defaultConfig();
  c.version = 0;
  c.servos = c.fingers.map((f: any, i: number) => ({ name: f.name, pin: f.pin, open: i === 2 ? 2100 : 1100, closed: i === 2 ? 1200 : 1900, speed: 2 }));
  delete c.fingers;
  c.control.threshold = 0.3;
  delete c.control.onLevel;
  delete c.control.offLevel;
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
        'control.mode: "three-site" is not one of two-site, one-site-toggle, one-site-level',
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
      'fingers[0].pin: "A4" cannot drive a servo (hardware PWM pins: A0-A3, A5-A8, A10, A15, B0, B1, B3-B5, B8-B10, B13-B15)',
      'fingers[3].pin: "B6" is the console without USB, use another',
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
      'emg: mode one-site-level needs 1 site(s), not 2',
      'fingers[4].name: "thumb" is used twice',
    ]);
    expect(checkConfig(doc((c) => c.emg.pop()))).toEqual(['emg: mode two-site needs 2 site(s), not 1']);
    expect(checkConfig(doc((c) => (c.emg = [])))).toEqual(['emg: has 0 items, allowed 1..2', 'emg: mode two-site needs 2 site(s), not 0']);
  });

  test('a version-0 document is migrated: servos with open/closed pulses become fingers, threshold becomes on/off levels', () => {
    const d = v0();
    expect(checkConfig(d)).toEqual([]);
    expect(d.version).toBe(1);
    expect(d.servos).toBeUndefined();
    expect(d.fingers[0]).toEqual({ name: 'thumb', pin: 'B3', minPulseUs: 1100, maxPulseUs: 1900, inverted: false, maxSpeedPerS: 2 });
    // A servo mounted the other way had open > closed.
    expect(d.fingers[2]).toEqual({ name: 'middle', pin: 'B5', minPulseUs: 1200, maxPulseUs: 2100, inverted: true, maxSpeedPerS: 2 });
    expect(d.control.onLevel).toBe(0.3);
    expect(d.control.offLevel).toBe(0.15);
  });

  test('a bad version-0 document is reported against the current shape', () => {
    const d = v0();
    d.servos[1].closed = 9000;
    expect(checkConfig(d)).toEqual(['fingers[1].maxPulseUs: 9000 is above 2500']);
  });

  test('a document from a newer firmware, or with no usable version, is refused', () => {
    expect(checkConfig(doc((c) => (c.version = 2)))).toEqual(['version: 2 is newer than this firmware (1); update it']);
    expect(checkConfig(doc((c) => delete c.version))).toEqual(['version: missing']);
    expect(checkConfig(doc((c) => (c.version = '1')))).toEqual(['version: "1" is not a version']);
  });
});

describe('tools/config/validate.ts (desktop)', () => {
  test('a valid file, and an old one the firmware will migrate', () => {
    expect(validateConfigFile(file('ok.json', JSON.stringify(defaultConfig(), null, 2)))).toMatchObject({ ok: true, errors: [] });
    const r = validateConfigFile(file('old.json', JSON.stringify(v0())));
    expect(r.ok).toBe(true);
    expect(r.fileVersion).toBe(0);
    expect(r.config!.fingers[2].inverted).toBe(true);
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
