// One entry point for any shared recording, by file extension. Always a list: a Myo text file
// or a WFDB header holds one recording, the UCI CSV one per (grasp, trial).

import * as path from 'path';
import { EmgRecording } from './types';
import { loadMyoText } from './myo';
import { loadWfdb, WfdbOptions } from './wfdb';
import { loadUciCsv } from './uci';

export function loadRecording(filePath: string, wfdbOptions?: WfdbOptions): EmgRecording[] {
  const ext = path.extname(filePath).toLowerCase();
  switch (ext) {
    case '.txt':
      return [loadMyoText(filePath)];
    case '.hea':
      return [loadWfdb(filePath, wfdbOptions)];
    case '.dat':
      // Accept the data file too: its header sits beside it.
      return [loadWfdb(filePath.slice(0, -ext.length) + '.hea', wfdbOptions)];
    case '.csv':
      return loadUciCsv(filePath);
    default:
      throw new Error(`loadRecording: no loader for "${ext}" files (${filePath}); expected .txt (Myo), .hea/.dat (WFDB) or .csv (UCI)`);
  }
}

/** A channel's samples by name, with a clear error when it is absent. */
export function channelSamples(recording: EmgRecording, channel: string): Float32Array {
  const index = recording.channels.indexOf(channel);
  if (index < 0) {
    throw new Error(`${recording.name} has no channel ${channel} (has ${recording.channels.join(', ')})`);
  }
  return recording.samples[index];
}
