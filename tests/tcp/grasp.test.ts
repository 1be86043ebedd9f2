// `grasp flash` against the Virtual Pico's console over TCP, and the ways a connection fails.

import * as fs from 'fs';
import * as path from 'path';
import { VirtualPico } from '../../sim/runtime';
import { ConsoleServer, startConsoleServer } from '../../sim/tcp/console-server';
import { charSum, describeSerialError } from '../../tools/grasp/transport';
import { progressBar } from '../../tools/grasp/cli';
import { buildBundle, freePort, OLD_FIRMWARE, ROOT, run, silentServer, stallingProxy, TSX, VERSION } from './helpers';

let bundle: { dir: string; file: string; source: string };
beforeAll(async () => {
  bundle = await buildBundle();
});
afterAll(() => {
  if (bundle) fs.rmSync(bundle.dir, { recursive: true, force: true });
});

const grasp = (args: string[], timeoutMs = 25000) => run(TSX, [path.join(ROOT, 'tools', 'grasp', 'cli.ts'), ...args, '--out', path.join(bundle.dir, 'out.js')], { timeoutMs });

async function oldPico(): Promise<{ pico: VirtualPico; server: ConsoleServer }> {
  const pico = new VirtualPico();
  pico.load(OLD_FIRMWARE, { to: 'flash' });
  const server = await startConsoleServer({ port: 0, host: '127.0.0.1', pico, realTime: true });
  return { pico, server };
}

describe('grasp flash', () => {
  test('--port tcp://: builds, saves to flash without touching the old code until it is verified, checks the version; the hand runs after a power cycle', async () => {
    const { pico, server } = await oldPico();
    try {
      const r = await grasp(['flash', '--port', `tcp://127.0.0.1:${server.port}`]);
      expect(r.stderr).toContain('connected to PICO 2v29');
      expect(r.stderr).toMatch(/\[#+\] 100% \d+\/\d+ bytes/);
      expect(r.stdout).toContain(`flashed Grasp ${VERSION}`);
      expect(r.code).toBe(0);
      expect(pico.storage.read('.bootcde')).toBe(fs.readFileSync(path.join(bundle.dir, 'out.js'), 'latin1'));
      expect(pico.storage.read('grasp.new')).toBeUndefined();
      pico.powerCycle();
      expect(pico.eval('hand.status().version')).toBe(VERSION);
    } finally {
      await server.close();
    }
  });

  test('--sim: flashes a Virtual Pico started by the command', async () => {
    const r = await grasp(['flash', '--sim']);
    expect(r.stdout).toContain(`flashed Grasp ${VERSION} to PICO 2v29 on tcp://127.0.0.1:`);
    expect(r.code).toBe(0);
  });
});

describe('grasp flash: clear errors, non-zero exit, the board keeps its firmware', () => {
  test('nothing listening on the port', async () => {
    const port = await freePort();
    const r = await grasp(['flash', '--port', `tcp://127.0.0.1:${port}`, '--timeout', '2']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`tcp://127.0.0.1:${port}: connection refused: nothing is listening there`);
  });

  test('a TCP server that is not an Espruino (never sends a prompt)', async () => {
    const s = await silentServer();
    try {
      const r = await grasp(['flash', '--port', `tcp://127.0.0.1:${s.port}`, '--timeout', '1']);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('no Espruino prompt within 1 s: is this an Espruino board');
    } finally {
      await s.close();
    }
  });

  test('a board that stops answering mid-upload keeps its previous .bootcde and boots it', async () => {
    const { pico, server } = await oldPico();
    const proxy = await stallingProxy(server.port, 6000);
    try {
      const r = await grasp(['flash', '--port', `tcp://127.0.0.1:${proxy.port}`, '--timeout', '1']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/the board stopped answering \(the upload \(after \d+ of \d+ bytes\)/);
      expect(pico.storage.read('.bootcde')).toBe(OLD_FIRMWARE);
      expect(pico.eval('hand.status().version')).toBe('old'); // still running
      pico.powerCycle();
      expect(pico.eval('hand.status().version')).toBe('old'); // and boots it
    } finally {
      await proxy.close();
      await server.close();
    }
  });

  test('a serial device that does not exist', async () => {
    const r = await grasp(['flash', '--port', '/dev/ttyACM9']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('/dev/ttyACM9: no such device: is the Pico plugged in? List serial ports with');
  });

  test('bad usage exits 2', async () => {
    const r = await grasp(['flash']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('which board?');
  });

  test('permission denied names the dialout group (message only: the tests run as root)', () => {
    const e = describeSerialError('/dev/ttyACM0', 'EACCES');
    expect(e.kind).toBe('permission');
    expect(e.message).toContain('permission denied');
    expect(e.message).toContain('dialout');
    expect(describeSerialError('/dev/ttyACM0', 'EBUSY').message).toContain('busy');
  });

  test('helpers: checksum as E.sum(string), progress bar', () => {
    expect(charSum('hello world')).toBe(1116); // E.sum("hello world") on Espruino 2v29
    expect(progressBar(512, 1024, 10)).toBe('[#####.....]  50% 512/1024 bytes');
  });
});
