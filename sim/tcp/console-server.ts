// The Virtual Pico's console over TCP, so the unmodified `espruino` CLI (EspruinoTools) can
// talk to it as to a board: `espruino --no-ble -p tcp://127.0.0.1:PORT dist/firmware.js`.
// One client at a time (a second one is refused while the first is connected), any number in
// sequence. With realTime the virtual clock follows the wall clock (a timer advances the pico
// every tickMs), so the firmware's timers run while the server is up.
// The console model itself is repl.ts.

import * as net from 'net';
import { VirtualPico } from '../runtime';
import { EspruinoRepl } from './repl';

export interface ConsoleServerOptions {
  /** 0 for an ephemeral port. */
  port: number;
  /** Default 127.0.0.1: the console runs arbitrary code, keep it on loopback. */
  host?: string;
  pico: VirtualPico;
  /** Advance the virtual clock with the wall clock (default true). */
  realTime?: boolean;
  /** How often the clock is advanced, in ms (default 10). */
  tickMs?: number;
  /** Diagnostics (connections, errors from advance()). */
  log?: (line: string) => void;
}

export interface ConsoleServer {
  readonly port: number;
  readonly host: string;
  /** Whether a client is connected now. */
  connected(): boolean;
  /** Stop the clock, drop the client, stop listening. */
  close(): Promise<void>;
}

export async function startConsoleServer(opts: ConsoleServerOptions): Promise<ConsoleServer> {
  const host = opts.host ?? '127.0.0.1';
  const pico = opts.pico;
  const log = opts.log ?? (() => {});
  const tickMs = opts.tickMs ?? 10;
  let client: net.Socket | undefined;
  let repl: EspruinoRepl | undefined;
  let stopped = false;
  let dead = false; // the pico lost power (PowerLoss) or ran out of memory: the clock stops

  const sockets = new Set<net.Socket>();
  const server = net.createServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => {});
    if (client || stopped) {
      log(`refused a second connection from ${sock.remoteAddress}:${sock.remotePort}`);
      sock.destroy();
      return;
    }
    client = sock;
    sock.setNoDelay(true);
    const r = new EspruinoRepl({
      pico,
      write: (data) => {
        if (!sock.destroyed) sock.write(Buffer.from(data, 'latin1'));
      },
    });
    repl = r;
    log(`client connected from ${sock.remoteAddress}:${sock.remotePort}`);
    sock.on('data', (buf: Buffer) => {
      try {
        r.feed(buf.toString('latin1'));
      } catch (e) {
        log(`console error: ${(e as Error).stack ?? e}`);
      }
    });
    sock.on('close', () => {
      if (client === sock) {
        client = undefined;
        repl = undefined;
        log('client disconnected');
      }
    });
  });

  let last = performance.now();
  const timer =
    opts.realTime === false
      ? undefined
      : setInterval(() => {
          const now = performance.now();
          const dt = Math.min(now - last, 1000); // a stalled process does not replay minutes at once
          last = now;
          if (dead) return;
          try {
            pico.advance(dt);
          } catch (e) {
            const name = (e as Error).name;
            log(`the Virtual Pico stopped: ${name}: ${(e as Error).message}`);
            if (name === 'PowerLoss' || name === 'OutOfMemoryError') dead = true;
          }
          if (repl) repl.idle();
        }, tickMs);
  if (timer) timer.unref?.();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as net.AddressInfo;

  return {
    port: addr.port,
    host,
    connected: () => !!client,
    close: () =>
      new Promise<void>((resolve) => {
        if (stopped) return resolve();
        stopped = true;
        if (timer) clearInterval(timer);
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
