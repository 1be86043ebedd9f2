// The grasp commands against the Virtual Pico (--sim, or --port tcp://127.0.0.1 to a Virtual Pico
// the test holds), each run as the command (tsx tools/grasp/cli.ts: EspruinoTools does not load
// inside jest): config, record, replay, bench with scripted stdin, monitor, and the errors.

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawn } from 'child_process';
import { buildFirmware } from '../../tools/build/build';
import { FlashImage, VirtualPico } from '../../sim/runtime';
import { ConsoleServer, startConsoleServer } from '../../sim/tcp/console-server';
import { PROJECT_ROOT } from '../../tools/build/build';
import { parseSessionCsv } from '../../tools/grasp/telemetry';

let dir: string;
let firmware: string;
let source: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grasp-cli-'));
  firmware = path.join(dir, 'firmware.js');
  source = (await buildFirmware({ outFile: firmware, quiet: true })).source;
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Ran {
  code: number;
  out: string;
  err: string;
}

const TSX = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
const CLI = path.join(PROJECT_ROOT, 'tools', 'grasp', 'cli.ts');

/** Runs `grasp args` (stdin: the given text, then EOF); killed after timeoutMs. */
function grasp(args: string[], stdin = '', timeoutMs = 20000): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(TSX, [CLI, ...args], { cwd: PROJECT_ROOT, env: { ...process.env, FORCE_COLOR: '0' } });
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.stdin.on('error', () => {});
    child.stdin.end(stdin);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, out, err });
    });
  });
}

/** --sim with the bundle built once (the command would build it otherwise). */
const SIM = () => ['--sim', '--firmware', firmware];

async function servedPico(): Promise<{ pico: VirtualPico; server: ConsoleServer; port: string }> {
  const pico = new VirtualPico({ storage: new FlashImage() });
  pico.load(source, { to: 'flash' });
  const server = await startConsoleServer({ port: 0, host: '127.0.0.1', pico, realTime: true });
  return { pico, server, port: `tcp://127.0.0.1:${server.port}` };
}

function writeJson(name: string, doc: unknown): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, JSON.stringify(doc, null, 2));
  return f;
}

describe('grasp config', () => {
  let defaults: any;
  beforeAll(async () => {
    const r = await grasp(['config', 'get', ...SIM()]);
    expect(r.code).toBe(0);
    defaults = JSON.parse(r.out);
  });

  test('get --sim prints the configuration as JSON', () => {
    expect(defaults.version).toBe(3);
    expect(defaults.fingers.map((f: { name: string }) => f.name)).toEqual(['thumb', 'index', 'middle', 'ring', 'little']);
  });

  test('validate: a good file, exit 0; a bad one, every error with its path, exit 1 (offline)', async () => {
    const good = await grasp(['config', 'validate', writeJson('good.json', defaults)]);
    expect(good.code).toBe(0);
    expect(good.out).toContain('good.json: valid');
    const bad = JSON.parse(JSON.stringify(defaults));
    bad.fingers[2].maxPulseUs = 3100;
    bad.emg[0].pin = 'B2';
    bad.fingerz = 1;
    const r = await grasp(['config', 'validate', writeJson('bad.json', bad)]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('bad.json: 3 problems');
    expect(r.err).toContain('fingers[2].maxPulseUs: 3100 is above 2500');
    expect(r.err).toContain('emg[0].pin: "B2" cannot read analog');
    expect(r.err).toContain('unknown key "fingerz"');
    fs.writeFileSync(path.join(dir, 'broken.json'), '{"version": 1,\n  "tickMs": }');
    const broken = await grasp(['config', 'validate', path.join(dir, 'broken.json')]);
    expect(broken.code).toBe(1);
    expect(broken.err).toMatch(/line 2, column \d+: not JSON/);
  });

  test('set: a good file is sent, saved and used; a refused one leaves the board unchanged', async () => {
    const { pico, server, port } = await servedPico();
    try {
      const doc = JSON.parse(JSON.stringify(defaults));
      doc.control.onLevel = 0.3;
      const ok = await grasp(['config', 'set', writeJson('on03.json', doc), '--port', port]);
      expect(ok.err).toBe('');
      expect(ok.out).toContain('the board accepted');
      expect(ok.code).toBe(0);
      expect(pico.eval('hand.config().control.onLevel')).toBe(0.3);
      const before = pico.eval('JSON.stringify(hand.config())');

      // refused on the desktop: nothing sent
      const bad = JSON.parse(JSON.stringify(doc));
      bad.fingers[0].minPulseUs = 100;
      const file = writeJson('badset.json', bad);
      const r1 = await grasp(['config', 'set', file, '--port', port]);
      expect(r1.code).toBe(1);
      expect(r1.err).toContain('fingers[0].minPulseUs: 100 is below 500');
      expect(r1.err).toContain('nothing was sent to the board');

      // sent anyway: the board refuses it whole and keeps its configuration
      const r2 = await grasp(['config', 'set', file, '--port', port, '--no-check']);
      expect(r2.code).toBe(1);
      expect(r2.err).toContain('the board refused');
      expect(r2.err).toContain('its configuration is unchanged');
      expect(r2.err).toContain('fingers[0].minPulseUs: 100 is below 500');
      expect(pico.eval('JSON.stringify(hand.config())')).toBe(before);
      pico.powerCycle();
      expect(pico.eval('JSON.stringify(hand.config())')).toBe(before); // and in flash
    } finally {
      await server.close();
    }
  });
});

describe('grasp record and replay', () => {
  const csv = () => path.join(dir, 'session.csv');

  test('record --sim for 3 s: a CSV with a header and one row per telemetry line', async () => {
    // 3 s of wall time with telemetry at 20 Hz; the bounds leave room for a loaded CI machine.
    const r = await grasp(['record', '--out', csv(), '--seconds', '3', ...SIM()]);
    expect(r.err).toContain('recording 20 Hz telemetry');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/recorded \d+ rows to .*session\.csv \(0 line\(s\) lost\)/);
    const text = fs.readFileSync(csv(), 'utf8');
    expect(text).toContain('seq,ms,state,env0,env1,on0,on1,paused,fingers,faults,lost_before');
    const s = parseSessionCsv(text);
    expect(s.rows.length).toBeGreaterThanOrEqual(20);
    s.rows.forEach((row, i) => expect(row.seq).toBe(i));
    expect(s.comments.some((c) => c.startsWith('config {'))).toBe(true);
    // the simulated user of --sim contracts the flexor 1.2 s after power-up
    expect(s.rows.some((row) => row.on[0])).toBe(true);
  });

  test('replay prints the state changes and activations the current firmware gives the recording', async () => {
    const r = await grasp(['replay', csv(), '--firmware', firmware]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('configuration: the recorded one (two-site, onLevel 0.2, offLevel 0.1)');
    expect(r.out).toMatch(/\d+\.\d\d {2}ready -> moving/);
    expect(r.out).toMatch(/flexor on/);
    expect(r.out).toMatch(/flexor +replayed 1, recorded 1/);
  });

  test('replay --config with a higher onLevel: the same recording activates nothing', async () => {
    const cfg = JSON.parse(parseSessionCsv(fs.readFileSync(csv(), 'utf8')).comments.find((c) => c.startsWith('config '))!.slice(7));
    cfg.control.onLevel = 0.95;
    cfg.control.offLevel = 0.9;
    cfg.control.levelCloseAbove = 1;
    for (const site of cfg.emg) site.maxLevel = 1; // on at 0.03 + 0.95 * 0.97 of the ADC range
    const r = await grasp(['replay', csv(), '--firmware', firmware, '--config', writeJson('deaf.json', cfg)]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('onLevel 0.95');
    expect(r.out).toMatch(/flexor +replayed 0, recorded 1/);
  });

  test('replay of a file that is not a recording: exit 2 with the reason', async () => {
    fs.writeFileSync(path.join(dir, 'nope.csv'), 'a,b\n');
    const r = await grasp(['replay', path.join(dir, 'nope.csv')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('not a grasp record CSV');
  });
});

test('bench with scripted stdin against --sim: status, jog, save, quit', async () => {
  const r = await grasp(['bench', ...SIM()], 'status\njog index closed 20\nsave\nquit\n');
  expect(r.err).not.toMatch(/unknown|refused|failed/);
  expect(r.code).toBe(0);
  expect(r.out).toContain('> status');
  expect(r.out).toMatch(/state \w+, EMG control on/);
  expect(r.out).toContain('hand: index closed = 2020 us (hand.save() keeps it)');
  expect(r.out).toContain('hand: saved');
});

test('bench: a bad command is reported and the exit code says so; EOF ends the session', async () => {
  const r = await grasp(['bench', ...SIM()], 'jog index sideways 20\nfrobnicate\n');
  expect(r.code).toBe(1);
  expect(r.err).toContain('jog <finger> open|closed <+-us>');
  expect(r.err).toContain('unknown command "frobnicate"');
});

test('monitor --once against a Virtual Pico on tcp:// prints a frame, then switches telemetry off; --web points to the page', async () => {
  const { pico, server, port } = await servedPico();
  try {
    const r = await grasp(['monitor', '--once', '--port', port]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Grasp \S+ on PICO 2v29 on tcp:\/\/127\.0\.0\.1:\d+, 10 Hz {3}lines \d+, lost 0/);
    expect(r.out).toMatch(/state \w+ +EMG control on {3}faults none/);
    expect(r.out).toMatch(/flexor +0\.\d{3} .*[▁▂▃▄▅▆▇█]/);
    expect(r.out).toMatch(/little +0\.\d{3}/);
    const printed = pico.output().length;
    pico.advance(500);
    expect(pico.output().slice(printed)).not.toMatch(/T2,/);
  } finally {
    await server.close();
  }
  const web = await grasp(['monitor', '--web']);
  expect(web.code).toBe(0);
  expect(web.out).toContain('npm start');
});

describe('errors: a clear message and a non-zero exit', () => {
  test('no board given, or both', async () => {
    const r = await grasp(['monitor']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('which board? give --port');
    expect((await grasp(['record', '--sim'])).err).toContain('grasp record needs --out FILE.csv');
  });

  test('nothing listening on the port', async () => {
    const net = await import('net');
    const s = net.createServer();
    const port = await new Promise<number>((res) => s.listen(0, '127.0.0.1', () => res((s.address() as { port: number }).port)));
    await new Promise((res) => s.close(res));
    const r = await grasp(['config', 'get', '--port', `tcp://127.0.0.1:${port}`, '--timeout', '2']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('connection refused: nothing is listening there');
  });

  test('a serial device that does not exist', async () => {
    const r = await grasp(['bench', '--port', '/dev/ttyNOPE0']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('/dev/ttyNOPE0: no such device: is the Pico plugged in?');
  });

  test('something on the port that is not an Espruino', async () => {
    const { silentServer } = await import('../tcp/helpers');
    const s = await silentServer();
    try {
      const r = await grasp(['record', '--out', path.join(dir, 'x.csv'), '--port', `tcp://127.0.0.1:${s.port}`, '--timeout', '1']);
      expect(r.code).toBe(1);
      expect(r.err).toContain('no Espruino prompt within 1 s: is this an Espruino board');
    } finally {
      await s.close();
    }
  });

  test('a board without the telemetry (older firmware)', async () => {
    const pico = new VirtualPico({ storage: new FlashImage() });
    pico.load('var hand = { status: function () { return { version: "old", state: "ready", emg: [], fingers: {} }; }, config: function () { return {}; } };', { to: 'flash' });
    const server = await startConsoleServer({ port: 0, host: '127.0.0.1', pico, realTime: true });
    try {
      const r = await grasp(['monitor', '--once', '--port', `tcp://127.0.0.1:${server.port}`]);
      expect(r.code).toBe(1);
      expect(r.err).toContain('this firmware has no hand.telemetry(): flash the current one with `grasp flash`');
    } finally {
      await server.close();
    }
  });
});
