// `npm start [-- --port N] [--host H] [--firmware FILE] [--seed N] [--paused]`: the simulator
// in the browser. Runs the built firmware (dist/firmware.js, which `npm start` builds first) in
// the hand simulation (sim/engine) in real time, serves the page on http://127.0.0.1:8080 and
// talks to it over a WebSocket (/ws): frames out, commands in (sim/web/protocol.ts). The
// simulation here is the one source of truth; the page only draws it and sends commands.

import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import { AddressInfo } from 'net';
import { WebSocket, WebSocketServer } from 'ws';
import { bundlePage, PageAssets } from './web/bundle';
import type { ClientMessage, ServerMessage, Speed } from './web/protocol';
import { LiveSession, SessionOptions } from './web/session';

export const DEFAULT_PORT = 8080;
export const DEFAULT_FIRMWARE = path.resolve(__dirname, '..', 'dist', 'firmware.js');

export interface ServerOptions extends Partial<SessionOptions> {
  port?: number;
  host?: string;
  /** The bundle to run, when `firmware` (its text) is not given. */
  firmwareFile?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  session: LiveSession;
  close(): Promise<void>;
}

export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(`port ${port} is in use — try npm start -- --port ${port + 1}`);
  }
}

/** Drop frames to a page that is not keeping up (its other messages still go). */
const MAX_BUFFERED = 4 * 1024 * 1024;

export async function startServer(opts: ServerOptions = {}): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  const port = opts.port ?? DEFAULT_PORT;
  let firmware = opts.firmware;
  if (firmware === undefined) {
    const file = opts.firmwareFile ?? DEFAULT_FIRMWARE;
    if (!fs.existsSync(file)) throw new Error(`no firmware bundle at ${file}: run \`npm run build\` first (npm start does)`);
    firmware = fs.readFileSync(file, 'latin1');
  }
  const assets: PageAssets = await bundlePage();
  const session = new LiveSession({ ...opts, firmware });

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'text/plain', 'method not allowed\n');
    switch (url.pathname) {
      case '/':
      case '/index.html':
        return send(200, 'text/html; charset=utf-8', assets.html);
      case '/app.js':
        return send(200, 'text/javascript; charset=utf-8', assets.js);
      case '/app.css':
        return send(200, 'text/css; charset=utf-8', assets.css);
      case '/wiring.svg':
        return send(200, 'image/svg+xml; charset=utf-8', session.wiring());
      case '/favicon.ico':
        res.writeHead(204);
        return res.end();
      default:
        return send(404, 'text/plain', 'not found\n');
    }
  });

  const wss = new WebSocketServer({ server, path: '/ws' });
  // It re-emits the HTTP server's errors (e.g. the port in use), which are handled below.
  wss.on('error', () => undefined);
  wss.on('connection', (ws: WebSocket) => {
    const client = {
      send(msg: ServerMessage) {
        if (ws.readyState !== WebSocket.OPEN) return;
        if (msg.type === 'frame' && ws.bufferedAmount > MAX_BUFFERED) return;
        ws.send(JSON.stringify(msg));
      },
    };
    session.addClient(client);
    ws.on('message', (data) => {
      let msg: ClientMessage;
      try {
        msg = JSON.parse(String(data));
      } catch {
        client.send({ type: 'notice', level: 'error', text: 'bad message (not JSON)' });
        return;
      }
      session.handle(msg);
    });
    ws.on('close', () => session.removeClient(client));
    ws.on('error', () => session.removeClient(client));
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(e.code === 'EADDRINUSE' ? new PortInUseError(port) : e);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  }).catch((e) => {
    wss.close();
    throw e;
  });
  session.start();
  const actual = (server.address() as AddressInfo).port;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return {
    url: `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${actual}`,
    port: actual,
    session,
    close: () =>
      new Promise<void>((resolve) => {
        session.stop();
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
  };
}

const USAGE = `usage: npm start [-- --port N] [--host H] [--firmware FILE] [--seed N] [--paused]
  --port N          serve on this port (default ${DEFAULT_PORT}; 0 = any free port)
  --host H          listen on this address (default 127.0.0.1: this machine only)
  --firmware FILE   the bundle to run (default dist/firmware.js, which npm start builds)
  --seed N          seed of the simulation's noise (default 1)
  --paused          start paused
`;

export async function main(argv: string[]): Promise<number> {
  const opts: ServerOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${a} needs a value`);
      return v;
    };
    try {
      if (a === '--port' || a === '-p') {
        const v = value();
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--port must be a port number 0..65535, not "${v}"`);
        opts.port = n;
      } else if (a.startsWith('--port=')) {
        const n = Number(a.slice(7));
        if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--port must be a port number 0..65535, not "${a.slice(7)}"`);
        opts.port = n;
      } else if (a === '--host') opts.host = value();
      else if (a === '--firmware') opts.firmwareFile = value();
      else if (a === '--seed') {
        const v = value();
        if (!Number.isInteger(Number(v))) throw new Error(`--seed must be an integer, not "${v}"`);
        opts.seed = Number(v);
      } else if (a === '--paused') opts.speed = 0 as Speed;
      else if (a === '--help' || a === '-h') {
        process.stdout.write(USAGE);
        return 0;
      } else throw new Error(`unknown option ${a}`);
    } catch (e) {
      process.stderr.write(`start: ${e instanceof Error ? e.message : e}\n${USAGE}`);
      return 2;
    }
  }
  let running: RunningServer;
  try {
    running = await startServer({ ...opts, log: (l) => process.stderr.write(`sim: ${l}\n`) });
  } catch (e) {
    process.stderr.write(`start: ${e instanceof Error ? e.message : e}\n`);
    return 1;
  }
  process.stdout.write(`Grasp simulator running the firmware bundle: ${running.url}\n(open it in a browser; Ctrl-C stops)\n`);
  const stop = () => {
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return -1; // keeps running
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    if (code >= 0) process.exit(code);
  });
}
