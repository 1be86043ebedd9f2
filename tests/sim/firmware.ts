// The firmware bundle for the simulator tests: built once per test file into a temporary
// folder (never dist/, which others may be rebuilding), exactly as `npm run build` builds it.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildFirmware } from '../../tools/build/build';

let built: Promise<{ file: string; source: string }> | undefined;

export function builtFirmware(): Promise<{ file: string; source: string }> {
  if (!built) {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'grasp-sim-fw-')), 'firmware.js');
    built = buildFirmware({ outFile: file, quiet: true }).then((r) => ({ file, source: r.source }));
  }
  return built;
}
