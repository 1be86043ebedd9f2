// The build shortens the names in tools/build/internal-properties.ts, the configuration's keys
// among them (firmware/config/names.ts renames a document at the firmware's edges). A shortened
// name that Espruino's natives read, or that leaks into what the outside world sees, breaks the
// board: these tests keep the lists apart and check the bundle's own answers.
import * as fs from 'fs';
import * as path from 'path';
import { INTERNAL_PROPERTIES, CONFIG_PROPERTIES } from '../../tools/build/internal-properties';
import { defaultConfig } from '../../firmware/config/defaults';
import { KEY_NAMES, keyNames, inward, outward, configShape } from '../../firmware/config/names';
import { bootOn } from '../firmware/boot';
import { bundle, bootPico } from '../safety/helpers';

const SHORTENED = INTERNAL_PROPERTIES.concat(CONFIG_PROPERTIES);

/** Every key at any depth, with its path (list items as []). */
function keyPaths(v: unknown, at = '', into: string[] = []): string[] {
  if (Array.isArray(v)) v.forEach((x) => keyPaths(x, at + '[]', into));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) into.push(at + '.' + k), keyPaths(x, at + '.' + k, into);
  return into;
}

test("no shortened name is a property of Espruino's built-ins, or an option or event field its natives read", () => {
  // From the interpreter's own list (Array.prototype.push -> push, Object.keys -> keys, ...).
  const builtins = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'shared', 'espruino', 'builtins.json'), 'utf8'));
  const names = new Set<string>(builtins.present.map((n: string) => n.split('.').pop()));
  // Espruino's own natives: Pin, Storage, Waveform, E; new Waveform(n, {bits}), startInput(pin,
  // hz, {repeat}), analogWrite(pin, duty, {freq, soft}), setWatch(fn, pin, {repeat, edge,
  // debounce}) and its event {state, time}. (A shortened "bits" once made every EMG reading 8-bit.)
  for (const n of 'read write reset erase list buffer startInput sum variance kickWatchdog enableWatchdog on bits repeat freq soft edge debounce state time forceSoft'.split(' ')) names.add(n);
  // Three internal names are built-in names the firmware never calls: FingerSet.list
  // (Storage.list), Clock.every (Array.prototype.every), TriggerState.now (Date.now).
  const unused = ['list', 'every', 'now'];
  expect(SHORTENED.filter((p) => names.has(p) && !unused.includes(p))).toEqual([]);
  const firmware = ['firmware', 'hal']
    .flatMap((d) => fs.readdirSync(path.join(__dirname, '..', '..', d), { recursive: true }).map((f) => path.join(__dirname, '..', '..', d, String(f))))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => fs.readFileSync(f, 'utf8'))
    .join('\n');
  expect(firmware.match(/Storage\(?\)?\.list|(?<!clock)\.every\(|Date\.now/g)).toBeNull();
});

test('KEY_NAMES lists every configuration key, depth first, at its first use: renaming is a plain copy outside the bundle', () => {
  const map = keyNames();
  expect(Object.keys(map)).toEqual(KEY_NAMES.split(' '));
  for (const k in map) expect(map[k]).toBe(k);
  const cfg = defaultConfig();
  expect(outward(cfg)).toEqual(cfg);
  expect(inward(outward(cfg))).toEqual(cfg);
  expect(outward(cfg)).not.toBe(cfg);
  expect(keyPaths(configShape()).length).toBeGreaterThan(KEY_NAMES.split(' ').length);
});

describe('the bundle, where the names are shortened', () => {
  test("hand.config() gives the configuration with the document's names, and takes it back", async () => {
    const { vp } = bootPico(await bundle());
    vp.advance(1500);
    const doc = JSON.parse(vp.eval('JSON.stringify(hand.config())') as string);
    expect(doc).toEqual(defaultConfig());
    doc.control.onLevel = 0.25;
    doc.grips.user = [{ name: 'mug', keys: [[0, 0, 0, 0, 0, 0], [1, 1, 1, 1, 1, 1]] }];
    doc.flex = { straight: [0.3, 0.3, 0.3, 0.3, 0.3], bent: [0.7, 0.7, 0.7, 0.7, 0.7] };
    expect(vp.eval(`hand.config(${JSON.stringify(doc)})`)).toBe(true);
    vp.advance(1500);
    expect(JSON.parse(vp.eval('JSON.stringify(hand.config())') as string)).toEqual(doc);
    // What went to flash is the document too: grasp flash and grasp config read it there.
    expect(vp.eval('require("Storage").read("grasp.cfg.a")')).toContain('"control":{"mode":"two-site","onLevel":0.25,');
  });

  test('a stray key spelled like a shortened name is refused as unknown, not taken for that key', async () => {
    const { vp } = bootPico(await bundle());
    vp.advance(1500);
    // The bundle's own short names for tickMs and control, from its defaults' literal.
    const { buildFirmware } = await import('../../tools/build/build');
    const text = (await buildFirmware({ outFile: require('path').join(require('os').tmpdir(), `grasp-stray-${process.pid}.js`), quiet: true })).plain;
    const m = /version:3,(\w+):40,\w+:\[[^\]]*\],(\w+):\{/.exec(text);
    expect(m).not.toBeNull();
    for (const short of [m![1], m![2]]) {
      const doc: any = defaultConfig();
      doc[short] = short === m![1] ? 60 : {};
      expect(vp.eval(`hand.config(${JSON.stringify(doc)})`)).toBe(false);
      expect(vp.output()).toContain(`unknown key "${short}"`);
    }
  });

  test('hand.status() has the same keys as the firmware outside the bundle', async () => {
    const { vp } = bootPico(await bundle());
    vp.advance(1500);
    const onBoard = JSON.parse(vp.eval('JSON.stringify(hand.status())') as string);
    const h = bootOn();
    h.ticks(40);
    expect(keyPaths(onBoard).sort()).toEqual(keyPaths(h.hand.status()).sort());
    expect(typeof vp.eval('typeof hand.grip')).toBe('string');
    expect(vp.eval('typeof hand.grip + typeof hand.flex + typeof hand.faultLog')).toBe('functionfunctionfunction');
  });
});
