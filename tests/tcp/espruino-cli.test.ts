// The UNMODIFIED `espruino` CLI (EspruinoTools) against the Virtual Pico's console on loopback.

import * as fs from 'fs';
import { VirtualPico } from '../../sim/runtime';
import { ConsoleServer, startConsoleServer } from '../../sim/tcp/console-server';
import { buildBundle, ESPRUINO_CLI, run, VERSION } from './helpers';

let bundle: { dir: string; file: string; source: string; plainFile: string; plain: string };
let pico: VirtualPico;
let server: ConsoleServer;

beforeAll(async () => {
  bundle = await buildBundle();
  pico = new VirtualPico();
  server = await startConsoleServer({ port: 0, host: '127.0.0.1', pico, realTime: true });
});
afterAll(async () => {
  await server?.close();
  if (bundle) fs.rmSync(bundle.dir, { recursive: true, force: true });
});

const cli = (args: string[], opts: { timeoutMs: number; until?: (s: string) => boolean }) =>
  run(process.execPath, [ESPRUINO_CLI, '--no-ble', '-p', `tcp://127.0.0.1:${server.port}`, ...args], opts);

function statusLine(stdout: string): { version: string; state: string } {
  const line = stdout.split('\n').find((l) => l.startsWith('--] {"version"'));
  expect(line).toBeDefined();
  return JSON.parse(line!.slice(4));
}

describe('the espruino CLI and the Virtual Pico console over TCP', () => {
  test('uploads the bundle (reset, RAM) and -e prints hand.status() from the firmware', async () => {
    // The CLI uploads text: the plain bundle (grasp flash sends the pretokenised one).
    const r = await cli([bundle.plainFile, '-e', 'print(JSON.stringify(hand.status()))'], { timeoutMs: 20000 });
    expect(r.killed).toBe(false);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Upload Complete');
    expect(r.stdout).toContain(`Grasp ${VERSION} ready`);
    expect(statusLine(r.stdout).version).toBe(VERSION);
    expect(pico.resets).toBeGreaterThanOrEqual(1); // it sent reset() first
  });

  test('-e alone evaluates on the running firmware (no reset); the CLI prints the answer', async () => {
    const resets = pico.resets;
    // EspruinoTools never exits after a write shorter than its 512-byte block (its write callback
    // only fires for long writes): same against a real board. Stop it once the answer is out.
    const r = await cli(['-e', 'print(JSON.stringify(hand.status()))'], { timeoutMs: 15000, until: (s) => s.includes('--] {"version"') });
    expect(statusLine(r.stdout).version).toBe(VERSION);
    expect(pico.resets).toBe(resets);
    // a bare expression is sent as an echo-off line: like a real Espruino, no "=..." comes back
    const bare = await cli(['-e', 'hand.status()'], { timeoutMs: 4000 });
    expect(bare.stdout).not.toContain('--] =');
  });

  test('upload + save to flash (Save on Send: Storage.write(".bootcde", ...) chunks, then load()): the firmware runs after a power cycle', async () => {
    const r = await cli(['--config', 'SAVE_ON_SEND=1', bundle.plainFile], { timeoutMs: 30000 });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Upload Complete');
    expect(pico.storage.read('.bootcde')).toBe(bundle.plain);
    pico.powerCycle();
    expect(pico.eval('hand.status().version')).toBe(VERSION);
  });
});
