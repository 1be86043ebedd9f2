// The simulator server without a browser: the WebSocket protocol, commands changing the one
// simulation, the port-taken error (library and `tsx sim/server.ts`).
import { spawnSync } from 'child_process';
import * as net from 'net';
import * as path from 'path';
import WebSocket from 'ws';
import { PortInUseError, startServer, RunningServer } from '../../sim/server';
import type { Frame, ServerMessage } from '../../sim/web/protocol';
import { builtFirmware } from '../sim/firmware';

const ROOT = path.resolve(__dirname, '..', '..');

function occupyPort(): Promise<net.Server> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => resolve(s));
  });
}

class Client {
  readonly messages: ServerMessage[] = [];
  private waiters: (() => void)[] = [];
  constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => {
      this.messages.push(JSON.parse(String(d)));
      for (const w of this.waiters.splice(0)) w();
    });
  }
  static open(url: string): Promise<Client> {
    const ws = new WebSocket(url.replace('http', 'ws') + '/ws');
    const c = new Client(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(c));
      ws.once('error', reject);
    });
  }
  send(msg: object): void {
    this.ws.send(JSON.stringify(msg));
  }
  /** Resolves with the first message (from now on, or already received if `fromStart`) matching. */
  async until<T extends ServerMessage>(pred: (m: ServerMessage) => m is T, timeoutMs = 10000, from = this.messages.length): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let i = from;
    for (;;) {
      for (; i < this.messages.length; i++) if (pred(this.messages[i])) return this.messages[i] as T;
      if (Date.now() > deadline) throw new Error('timed out waiting for a message; the last one: ' + JSON.stringify(this.messages[this.messages.length - 1]).slice(0, 1500));
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 100);
      });
    }
  }
}

const isFrame = (m: ServerMessage): m is Frame => m.type === 'frame';

describe('simulator server', () => {
  let server: RunningServer;
  let firmware: string;
  let firmwareFile: string;

  beforeAll(async () => {
    const fw = await builtFirmware();
    firmware = fw.source;
    firmwareFile = fw.file;
    server = await startServer({ port: 0, firmware, speed: 10 });
  });
  afterAll(async () => {
    await server?.close();
  });

  test('serves the page, its bundled code and the wiring diagram', async () => {
    const page = await (await fetch(server.url + '/')).text();
    expect(page).toContain('<script src="/app.js">');
    const js = await fetch(server.url + '/app.js');
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect((await js.text()).length).toBeGreaterThan(10000);
    expect(await (await fetch(server.url + '/app.css')).text()).toContain('.uplot');
    expect(await (await fetch(server.url + '/wiring.svg')).text()).toContain('Espruino Pico');
    expect((await fetch(server.url + '/nope')).status).toBe(404);
  });

  test('hello, then frames of samples; a flexor contraction closes the hand, an extensor one opens it', async () => {
    const c = await Client.open(server.url);
    try {
      const hello = await c.until((m): m is Extract<ServerMessage, { type: 'hello' }> => m.type === 'hello', 5000, 0);
      expect(hello.config.sites.map((s) => s.site)).toEqual(['flexor', 'extensor']);
      expect(hello.config.onLevel).toBeGreaterThan(0);
      expect(hello.scenarios.map((s) => s.file)).toContain('two-site-open-close.json');
      await c.until((m): m is Frame => isFrame(m) && m.status?.state === 'ready');
      const f1 = await c.until(isFrame);
      expect(f1.samples.length).toBeGreaterThan(1); // 10x: several samples per frame
      c.send({ cmd: 'effort', site: 'flexor', level: 0.7, rampS: 0.1 });
      await c.until((m): m is Frame => isFrame(m) && m.flexion.every((f) => f > 0.95));
      c.send({ cmd: 'effort', site: 'flexor', level: 0 });
      c.send({ cmd: 'effort', site: 'extensor', level: 0.7 });
      await c.until((m): m is Frame => isFrame(m) && m.flexion.every((f) => f < 0.05));
      c.send({ cmd: 'effort', site: 'extensor', level: 0 });
      // the console answers at the prompt
      c.send({ cmd: 'console', line: 'hand.status().state' });
      const answer = await c.until((m): m is Extract<ServerMessage, { type: 'console' }> => m.type === 'console' && m.text.startsWith('='));
      expect(answer.text).toMatch(/^="(ready|moving)"/);
      // an injected fault reaches the firmware
      c.send({ cmd: 'fault', fault: { kind: 'liftoff', site: 'flexor', mode: 'rail' } });
      await c.until((m): m is Frame => isFrame(m) && Array.isArray(m.status?.faults) && (m.status!.faults as string[]).length > 0);
      c.send({ cmd: 'clearFault' });
      await c.until((m): m is Frame => isFrame(m) && m.simFaults.length === 0);
      // the flex sensors move to a glove, whose bends the pins then read
      c.send({ cmd: 'flexSource', source: 'glove' });
      c.send({ cmd: 'glove', bends: [0, 1, 0, 0, 0] });
      const g = await c.until((m): m is Frame => isFrame(m) && m.flexSource === 'glove' && m.flexAdc[1] > 0.6);
      expect(g.glove).toEqual([0, 1, 0, 0, 0]);
      expect(g.flexAdc[0]).toBeLessThan(0.4);
      c.send({ cmd: 'glove', bends: [0, 0, 0] });
      await c.until((m): m is Extract<ServerMessage, { type: 'notice' }> => m.type === 'notice' && m.level === 'error' && /expected 5 bends/.test(m.text));
      c.send({ cmd: 'flexSource', source: 'fingers' });
      // Back on the fingers: the index pin reads the index, nearly open (the lift-off above may
      // have closed the hand ~12 %: 0.42), not the glove's bent index (0.68).
      await c.until((m): m is Frame => isFrame(m) && m.flexSource === 'fingers' && m.flexAdc[1] < 0.5);
      // bad commands are reported, not fatal
      c.send({ cmd: 'effort', site: 'elbow', level: 1 });
      await c.until((m): m is Extract<ServerMessage, { type: 'notice' }> => m.type === 'notice' && m.level === 'error');
    } finally {
      c.ws.close();
    }
  });

  test('a port in use is a clear error', async () => {
    const busy = await occupyPort();
    const port = (busy.address() as net.AddressInfo).port;
    try {
      await expect(startServer({ port, firmware })).rejects.toThrow(new PortInUseError(port).message);
      expect(new PortInUseError(8080).message).toBe('port 8080 is in use — try npm start -- --port 8081');
      const r = spawnSync(process.execPath, [require.resolve('tsx/cli'), 'sim/server.ts', '--port', String(port), '--firmware', firmwareFile], { cwd: ROOT, encoding: 'utf8', timeout: 30000 });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`port ${port} is in use — try npm start -- --port ${port + 1}`);
    } finally {
      busy.close();
    }
  });
});
