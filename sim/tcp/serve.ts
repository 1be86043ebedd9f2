// `tsx sim/tcp/serve.ts --port PORT [--firmware dist/firmware.js] [--storage flash.bin]`
// (and `npm run sim -- --tcp PORT`): a Virtual Pico running the built firmware, saved to its
// flash as `grasp flash` would, with its console on tcp://127.0.0.1:PORT for the `espruino` CLI,
// the `grasp` command or a terminal (`nc 127.0.0.1 PORT`). Runs until Ctrl-C.

import * as fs from 'fs';
import * as path from 'path';
import { FlashImage, VirtualPico } from '../runtime';
import { ConsoleServer, startConsoleServer } from './console-server';

export const DEFAULT_FIRMWARE = path.resolve(__dirname, '..', '..', 'dist', 'firmware.js');

export interface ServeOptions {
  /** The bundle to run (default dist/firmware.js). */
  firmware?: string;
  /** A flash image file: loaded if it exists (its saved code boots instead of --firmware), saved on exit. */
  storageFile?: string;
  host?: string;
  log?: (line: string) => void;
}

export interface ServedConsole {
  server: ConsoleServer;
  pico: VirtualPico;
  close(): Promise<void>;
}

export async function serveConsole(port: number, opts: ServeOptions = {}): Promise<ServedConsole> {
  const log = opts.log ?? ((l: string) => process.stderr.write(l + '\n'));
  let storage: FlashImage | undefined;
  if (opts.storageFile && fs.existsSync(opts.storageFile)) storage = FlashImage.loadFile(opts.storageFile);
  const pico = new VirtualPico({ storage });
  if (!storage) {
    const file = opts.firmware ?? DEFAULT_FIRMWARE;
    if (!fs.existsSync(file)) throw new Error(`${file} does not exist: run \`npm run build\` first`);
    pico.load(fs.readFileSync(file, 'latin1'), { to: 'flash' });
  }
  const server = await startConsoleServer({ port, host: opts.host ?? '127.0.0.1', pico, realTime: true, log });
  log(`Virtual Pico console on tcp://${server.host}:${server.port}  (espruino --no-ble -p tcp://${server.host}:${server.port})`);
  return {
    server,
    pico,
    close: async () => {
      await server.close();
      if (opts.storageFile) pico.storage.saveFile(opts.storageFile);
    },
  };
}

function usage(): never {
  process.stderr.write('usage: tsx sim/tcp/serve.ts --port PORT [--firmware dist/firmware.js] [--storage flash.bin]\n');
  process.exit(2);
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  let port: number | undefined;
  const opts: ServeOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    if ((a === '--port' || a === '--tcp') && v !== undefined) (port = Number(v)), i++;
    else if (a === '--firmware' && v !== undefined) (opts.firmware = v), i++;
    else if (a === '--storage' && v !== undefined) (opts.storageFile = v), i++;
    else usage();
  }
  if (port === undefined || !Number.isInteger(port) || port < 0 || port > 65535) usage();
  serveConsole(port, opts).then(
    (s) => {
      const stop = () => {
        s.close().then(() => process.exit(0));
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    },
    (e) => {
      process.stderr.write(`sim: ${(e as Error).message}\n`);
      process.exit(1);
    },
  );
}
