// The real recordings live outside the repo (<repo>/../shared/emg). A clean clone without them
// must skip these tests, and say so, never pass silently.
import * as fs from 'fs';
import { SHARED_EMG_DIR } from '../../sim/recordings';

export const haveSharedEmg = fs.existsSync(SHARED_EMG_DIR);

if (!haveSharedEmg) {
  console.warn(
    `SKIPPING real-EMG recording tests: ${SHARED_EMG_DIR} does not exist. ` +
      'Place the shared recordings at <project root>/../shared/emg (see its README.md) to run them.',
  );
}

export const describeWithSharedEmg: jest.Describe = haveSharedEmg ? describe : describe.skip;
