// The shared recordings live beside the project checkout: <repo>/../shared/emg. Resolved from
// this file (sim/recordings/ -> repo root is two levels up), so it works from any cwd.
import * as path from 'path';

export const SHARED_EMG_DIR = path.resolve(__dirname, '../../../shared/emg');

export const MYO_WRIST_DIR = path.join(SHARED_EMG_DIR, 'myo-wrist', '12345-1');
export const GRABMYO_DIR = path.join(SHARED_EMG_DIR, 'grabmyo');
export const UCI_GRASPS_CSV = path.join(SHARED_EMG_DIR, 'uci-grasps', 'female_1_trials1-3.csv');
