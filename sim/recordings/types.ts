/** One recording: equal-length channels at one rate. */
export interface EmgRecording {
  name: string;
  rateHz: number;
  channels: string[];
  /** Per channel, in `unit`. */
  samples: Float32Array[];
  unit: string;
  /** Per sample: an index into labelNames (e.g. the Myo gesture cue). */
  labels?: Int8Array;
  labelNames?: string[];
  /** Attribution line for the dataset it came from. */
  source: string;
}
