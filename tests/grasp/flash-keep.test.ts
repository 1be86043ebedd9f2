// `grasp flash` keeps the hand's configuration and fault log across an update: a Virtual Pico
// with them saved (which a safe update used to refuse for lack of room), an old-version
// configuration, a board that stops answering after the erase, a corrupt slot. Each run as the
// command (tsx tools/grasp/cli.ts) against a Virtual Pico the test holds, over TCP.

import * as fs from 'fs';
import * as path from 'path';
import { FlashImage, VirtualPico } from '../../sim/runtime';
import { ConsoleServer, startConsoleServer } from '../../sim/tcp/console-server';
import { defaultConfig } from '../../firmware/config/defaults';
import { CONFIG_VERSION } from '../../firmware/config/migrate';
import { decodeRecord, encodeRecord, SLOTS } from '../../firmware/config/store';
import { Config } from '../../firmware/config/types';
import { v1Document } from '../config/documents';
import { buildBundle, OLD_FIRMWARE, ROOT, run, stallingProxy, TSX, VERSION } from '../tcp/helpers';

let bundle: { dir: string; file: string; source: string };
beforeAll(async () => {
  bundle = await buildBundle();
});
afterAll(() => {
  if (bundle) fs.rmSync(bundle.dir, { recursive: true, force: true });
});

const CLI = path.join(ROOT, 'tools', 'grasp', 'cli.ts');
const grasp = (args: string[], timeoutMs = 40000) => run(TSX, [CLI, ...args], { timeoutMs });
const flash = (args: string[]) => grasp(['flash', ...args, '--out', path.join(bundle.dir, 'out.js')]);
const backupPath = (name: string) => path.join(bundle.dir, name);

const FAULTS = '12 1 batteryLow\n340 3 site0Invalid\n';

/** A calibrated configuration (what a user would not want to lose). */
function calibrated(restLevel: number): Config {
  const c = defaultConfig();
  c.emg[0].restLevel = restLevel;
  c.emg[0].maxLevel = 0.47;
  c.emg[1].restLevel = 0.05;
  c.fingers[1].maxPulseUs = 2150;
  c.control.onLevel = 0.25;
  return c;
}

/** A Virtual Pico running `firmware` from flash with these Storage files, served over TCP. */
async function picoWith(firmware: string, files: { [name: string]: string }, storage = new FlashImage()): Promise<{ pico: VirtualPico; server: ConsoleServer; port: string }> {
  const pico = new VirtualPico({ storage });
  pico.load(firmware, { to: 'flash' });
  for (const [name, text] of Object.entries(files)) pico.storage.write(name, text);
  pico.powerCycle();
  const server = await startConsoleServer({ port: 0, host: '127.0.0.1', pico, realTime: true });
  return { pico, server, port: `tcp://127.0.0.1:${server.port}` };
}

/** The record the firmware would load from flash now (the newest valid slot), as stored. */
function storedConfig(pico: VirtualPico): { seq: number; version: number; doc: any } | undefined {
  let best: { seq: number; version: number; doc: any } | undefined;
  for (const s of SLOTS) {
    const text = pico.storage.read(s);
    if (text === undefined || !decodeRecord(text).cfg) continue;
    const doc = JSON.parse(text.slice(text.indexOf('{')));
    const seq = decodeRecord(text).seq;
    if (!best || seq > best.seq) best = { seq, version: doc.version, doc };
  }
  return best;
}

const evalJson = (pico: VirtualPico, expr: string) => JSON.parse(pico.eval(`JSON.stringify(${expr})`) as string);

test('a configured hand (two slots and a fault log, refused before for lack of room) flashes and keeps both; the backup holds them', async () => {
  const older = calibrated(0.06);
  const newer = calibrated(0.08);
  const { pico, server, port } = await picoWith(bundle.source, { [SLOTS[0]]: encodeRecord(4, older), [SLOTS[1]]: encodeRecord(5, newer), 'grasp.faults': FAULTS });
  try {
    expect(pico.eval('hand.config().emg[0].restLevel')).toBe(0.08);
    // Without the feature it is refused, and nothing changes.
    const refused = await flash(['--port', port, '--no-backup']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('not enough Storage for a safe update');
    expect(pico.storage.read(SLOTS[1])).toBe(encodeRecord(5, newer));

    const file = backupPath('configured.json');
    const r = await flash(['--port', port, '--backup', file]);
    expect(r.stderr).toContain(`saved configuration: version ${CONFIG_VERSION} (grasp.cfg.b)`);
    expect(r.stderr).toContain('fault log: 2 entries');
    expect(r.stderr).toContain('erased the configuration and fault log to make room');
    expect(r.stdout).toContain(`flashed Grasp ${VERSION}`);
    expect(r.stdout).toContain('kept the fault log (2 entries) and the configuration');
    expect(r.code).toBe(0);
    expect(pico.storage.read('.bootcde')).toBe(fs.readFileSync(path.join(bundle.dir, 'out.js'), 'latin1'));

    // the newest configuration is running and saved; the fault log is read by the firmware
    expect(evalJson(pico, 'hand.config()')).toEqual(newer);
    expect(evalJson(pico, 'hand.faultLog()')).toEqual([
      { t: 12, code: 'batteryLow', n: 1 },
      { t: 340, code: 'site0Invalid', n: 3 },
    ]);
    pico.powerCycle();
    expect(evalJson(pico, 'hand.config()')).toEqual(newer);
    expect(pico.storage.read('grasp.faults')).toBe(FAULTS);

    const backup = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(backup.format).toBe('grasp-backup 1');
    expect(backup.config).toEqual(newer);
    expect(backup.faultLog).toBe(FAULTS);
    expect(backup.files).toEqual({ [SLOTS[0]]: encodeRecord(4, older), [SLOTS[1]]: encodeRecord(5, newer), 'grasp.faults': FAULTS });
    expect(r.stdout).toContain(`backup: ${file}`);

    // never over an existing backup: exit 2, nothing sent
    const again = await flash(['--port', port, '--backup', file]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('exists already');
  } finally {
    await server.close();
  }
}, 120000);

test('an old-version (1) configuration comes back migrated to the current version, also when nothing had to be erased', async () => {
  const v1 = v1Document();
  v1.emg[0].restLevel = 0.07;
  v1.fingers[2].minPulseUs = 1100;
  // On the Pico's 48 KB any saved file leaves too little room for both copies of the bundle; with
  // a fourth 16 KB page the update fits without erasing anything.
  const { pico, server, port } = await picoWith(OLD_FIRMWARE, { [SLOTS[0]]: encodeRecord(3, v1) }, new FlashImage({ capacity: 4 * 16384 }));
  try {
    const file = backupPath('v1.json');
    const r = await flash(['--port', port, '--backup', file]);
    expect(r.stderr).toContain('saved configuration: version 1 (grasp.cfg.a)');
    expect(r.stderr).not.toContain('erased');
    expect(r.stderr).toContain(`writing back the configuration (version 1, brought to ${CONFIG_VERSION} here)`);
    expect(r.code).toBe(0);
    // In flash now: the current version, the calibration kept, the added fields the defaults'.
    const stored = storedConfig(pico)!;
    expect(stored.version).toBe(CONFIG_VERSION);
    expect(stored.doc.emg[0].restLevel).toBe(0.07);
    expect(stored.doc.fingers[2].minPulseUs).toBe(1100);
    expect(stored.doc.grips).toEqual(defaultConfig().grips);
    expect(stored.doc.safety.maxStarts).toBe(defaultConfig().safety.maxStarts);
    expect(evalJson(pico, 'hand.config()')).toEqual(stored.doc);
    // the backup keeps it as it was stored
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).config).toEqual(v1);
  } finally {
    await server.close();
  }
}, 120000);

test('a board that stops answering mid-upload after the erase: a backup, and a message naming the restore command, which works', async () => {
  const cfg = calibrated(0.09);
  const { pico, server, port } = await picoWith(bundle.source, { [SLOTS[0]]: encodeRecord(1, cfg), 'grasp.faults': FAULTS });
  // Silent after 12 KB: past reading and erasing, inside the upload.
  const proxy = await stallingProxy(server.port, 12000);
  const file = backupPath('stalled.json');
  try {
    const r = await flash(['--port', `tcp://127.0.0.1:${proxy.port}`, '--timeout', '1', '--backup', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('erased the configuration and fault log to make room');
    expect(r.stderr).toMatch(/the board stopped answering \(the upload \(after \d+ of \d+ bytes\)/);
    expect(r.stderr).toContain(`they are in the backup ${file}`);
    expect(r.stderr).toContain(`npx grasp config set ${file} --port tcp://127.0.0.1:${proxy.port}`);
    expect(pico.storage.read(SLOTS[0])).toBeUndefined(); // erased: only the backup has it
    const backup = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(backup.config).toEqual(cfg);
    expect(backup.faultLog).toBe(FAULTS);
  } finally {
    await proxy.close();
  }
  try {
    // What the message says: flash again, then config set with the backup.
    const again = await flash(['--port', port, '--backup', backupPath('stalled-2.json')]);
    expect(again.code).toBe(0);
    const set = await grasp(['config', 'set', file, '--port', port]);
    expect(set.stderr).toBe('');
    expect(set.stdout).toContain('put back the fault log');
    expect(set.stdout).toContain('the board accepted');
    expect(set.code).toBe(0);
    expect(evalJson(pico, 'hand.config()')).toEqual(cfg);
    expect(evalJson(pico, 'hand.faultLog()').map((e: { code: string }) => e.code)).toEqual(['batteryLow', 'site0Invalid']);
  } finally {
    await server.close();
  }
}, 120000);

test('a corrupt slot is kept in the backup, with a warning, and not written back; the fault log is', async () => {
  const good = encodeRecord(2, calibrated(0.05));
  const corrupt = good.replace('"restLevel":0.05', '"restLevel":0.95'); // checksum no longer matches
  const { pico, server, port } = await picoWith(bundle.source, { [SLOTS[1]]: corrupt, 'grasp.faults': FAULTS });
  try {
    expect(evalJson(pico, 'hand.status().faults')).toContain('configInvalid');
    const file = backupPath('corrupt.json');
    const r = await flash(['--port', port, '--backup', file]);
    expect(r.stderr).toContain('warning: grasp.cfg.b: damaged (checksum mismatch)');
    expect(r.stderr).toContain('will NOT be written back');
    expect(r.stdout).toContain('the stored configuration was not usable and was not written back');
    expect(r.code).toBe(0);
    expect(pico.storage.read(SLOTS[0])).toBeUndefined();
    expect(pico.storage.read(SLOTS[1])).toBeUndefined();
    expect(evalJson(pico, 'hand.config()')).toEqual(defaultConfig());
    const backup = JSON.parse(fs.readFileSync(file, 'utf8'));
    // (the old firmware had logged the configInvalid fault too)
    expect(backup.faultLog.startsWith(FAULTS)).toBe(true);
    expect(pico.storage.read('grasp.faults')).toBe(backup.faultLog);
    expect(backup.config).toBeNull();
    expect(backup.files[SLOTS[1]]).toBe(corrupt);
    expect(backup.configProblems).toEqual(['grasp.cfg.b: damaged (checksum mismatch)']);
    // and `config set` with that backup says why it sends nothing
    const set = await grasp(['config', 'set', file, '--port', port]);
    expect(set.code).toBe(1);
    expect(set.stderr).toContain('without a usable configuration');
    expect(set.stderr).toContain('nothing was sent to the board');
  } finally {
    await server.close();
  }
}, 120000);
