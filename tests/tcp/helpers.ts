// Shared by the tests/tcp suites: build the bundle once, run commands with a deadline, small
// TCP servers that misbehave.

import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { buildFirmware, PROJECT_ROOT } from '../../tools/build/build';

export const ROOT = PROJECT_ROOT;
export const ESPRUINO_CLI = path.join(ROOT, 'node_modules', 'espruino', 'bin', 'espruino-cli.js');
export const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
export const VERSION: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;

/** A firmware that is obviously not the new one. */
export const OLD_FIRMWARE = 'var hand = { status: function () { return { version: "old", state: "ready" }; } };\nprint("old firmware running");\n';

/**
 * The firmware bundle: `file`/`source` what grasp flash sends (pretokenised), `plainFile`/`plain`
 * the same script as text, what the Espruino IDE and the espruino CLI upload.
 */
export async function buildBundle(): Promise<{ dir: string; file: string; source: string; plainFile: string; plain: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grasp-tcp-'));
  const file = path.join(dir, 'firmware.js');
  const r = await buildFirmware({ outFile: file, quiet: true });
  return { dir, file, source: r.source, plainFile: file.replace(/\.js$/, '.plain.js'), plain: r.plain };
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  killed: boolean;
}

/** Run a command; kill it after timeoutMs, or as soon as until(stdout) holds. */
export function run(cmd: string, args: string[], opts: { timeoutMs: number; until?: (stdout: string) => boolean }): Promise<RunResult> {
  return new Promise((resolve) => {
    const child: ChildProcess = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, FORCE_COLOR: '0' } });
    let stdout = '';
    let stderr = '';
    let killed = false;
    const kill = () => {
      if (child.exitCode === null) {
        killed = true;
        child.kill('SIGKILL');
      }
    };
    const timer = setTimeout(kill, opts.timeoutMs);
    child.stdout!.on('data', (d) => {
      stdout += d;
      if (opts.until && opts.until(stdout)) kill();
    });
    child.stderr!.on('data', (d) => (stderr += d));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, killed });
    });
  });
}

export function listen(server: net.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
}

export function closeServer(server: net.Server, sockets: Set<net.Socket>): Promise<void> {
  for (const s of sockets) s.destroy();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** A port nothing listens on (bound, then released). */
export async function freePort(): Promise<number> {
  const s = net.createServer();
  const port = await listen(s);
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** A TCP server that accepts and never says anything (not an Espruino). */
export async function silentServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
  });
  const port = await listen(server);
  return { port, close: () => closeServer(server, sockets) };
}

/** A proxy to 127.0.0.1:target that goes silent (drops everything, both ways, keeps the socket
 *  open) once the client has sent more than afterBytes: a board that stops answering. */
export async function stallingProxy(target: number, afterBytes: number): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((c) => {
    sockets.add(c);
    const u = net.connect(target, '127.0.0.1');
    sockets.add(u);
    let sent = 0;
    let dead = false;
    c.on('data', (d) => {
      if (dead) return;
      if (sent + d.length > afterBytes) {
        u.write(d.subarray(0, Math.max(0, afterBytes - sent)));
        dead = true;
        return;
      }
      sent += d.length;
      u.write(d);
    });
    u.on('data', (d) => {
      if (!dead) c.write(d);
    });
    for (const s of [c, u]) {
      s.on('error', () => {});
      s.on('close', () => sockets.delete(s));
    }
    c.on('close', () => u.destroy());
  });
  const port = await listen(server);
  return { port, close: () => closeServer(server, sockets) };
}
