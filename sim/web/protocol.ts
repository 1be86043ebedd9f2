// The WebSocket protocol between the simulator server (sim/server.ts, sim/web/session.ts) and
// the page (sim/web/client). JSON text messages. The server's simulation is the one source of
// truth: the page sends commands and draws what the server pushes (~30 frames a second, each
// with every sample taken since the previous frame).

import type { ClearFaultSpec, FaultSpec, FirmwareStatus, FlexSource, ObjectSpec, Site } from '../engine/types';

export type Speed = 0 | 1 | 10;

/** Simulation time between two samples (ms of virtual time). */
export const SAMPLE_MS = 20;

export interface SiteInfo {
  site: Site;
  pin: string;
  /** Threshold settings from the firmware's configuration, when known. */
  restLevel?: number;
  maxLevel?: number;
}

export interface UiConfig {
  sites: SiteInfo[];
  fingers: { name: string; pin: string }[];
  /** Normalised on/off levels (0..1 of rest..max); null when the firmware does not say. */
  onLevel: number | null;
  offLevel: number | null;
  mode: string | null;
  /** Where the values came from: the running firmware (hand.config()) or the defaults file. */
  source: 'firmware' | 'defaults';
  emgSignal: string;
  servoModel: string;
}

export interface ScenarioInfo {
  file: string;
  name: string;
  description?: string;
  durationS: number;
  /** Why it cannot be played here (e.g. its recordings are absent). */
  unavailable?: string;
}

/** One sample of the simulation (every SAMPLE_MS of virtual time). */
export interface Sample {
  t: number;
  /** Pin value 0..1, per site (flexor, extensor). */
  emg: [number, number];
  effort: [number, number];
  /** Firmware's view from hand.status() (null: not reported). */
  envelope: [number | null, number | null];
  baseline: [number | null, number | null];
  on: [boolean | null, boolean | null];
  flexion: number[];
  batteryV: number;
  /** LED duty over the sample, red and green. */
  led: [number, number];
}

export interface Frame {
  type: 'frame';
  samples: Sample[];
  tS: number;
  speed: Speed;
  /** The latest state. */
  angleDeg: number[];
  flexion: number[];
  stalled: boolean[];
  pulsesUs: (number | null)[];
  object: (number | null)[];
  /** Where the flex sensors are, the glove's bends (0 straight..1 bent) and what each flex pin reads 0..1. */
  flexSource: FlexSource;
  glove: number[];
  flexAdc: number[];
  effort: [number, number];
  replaying: Site[];
  simFaults: string[];
  button: boolean;
  batteryV: number;
  batteryCharge: number;
  totalCurrentA: number;
  /** Per LED: level now, mean duty and rising edges over the frame, and when the pin is driven
   *  by PWM, its frequency: a slow one (under ~25 Hz) is a blink the page animates. */
  leds: { red: LedFrame; green: LedFrame };
  status: FirmwareStatus | null;
  resets: number;
  errorCount: number;
  playing: PlayingInfo | null;
}

export interface LedFrame {
  level: number;
  duty: number;
  edges: number;
  pwmHz: number | null;
  pwmDuty: number | null;
}

export interface PlayingInfo {
  kind: 'scenario' | 'recording';
  name: string;
  /** Playback progress, s (scenario) and its length. */
  atS: number;
  durationS: number;
  done: boolean;
}

export interface CheckLine {
  ok: boolean;
  description: string;
  message: string;
}

export interface RecordingInfo {
  file: string;
  recordings: { index: number; name: string; channels: string[]; durationS: number; rateHz: number }[];
}

export type ServerMessage =
  | { type: 'hello'; config: UiConfig; scenarios: ScenarioInfo[]; recordings: string[] | null; recordingsDir: string; speed: Speed; version: string }
  | Frame
  | { type: 'console'; text: string }
  | { type: 'notice'; level: 'info' | 'error'; text: string }
  | { type: 'checks'; scenario: string; ok: boolean; results: CheckLine[]; note?: string }
  | { type: 'recording'; info: RecordingInfo };

export type ClientMessage =
  | { cmd: 'effort'; site: Site; level: number; rampS?: number }
  | { cmd: 'button'; down: boolean }
  | { cmd: 'speed'; speed: Speed }
  | { cmd: 'fault'; fault: FaultSpec }
  | { cmd: 'clearFault'; which?: ClearFaultSpec }
  | { cmd: 'object'; spec: ObjectSpec | null }
  | { cmd: 'flexSource'; source: FlexSource }
  | { cmd: 'glove'; bends: number[]; rampS?: number }
  | { cmd: 'console'; line: string }
  | { cmd: 'scenario'; file: string }
  | { cmd: 'stop' }
  | { cmd: 'reset' }
  | { cmd: 'openRecording'; file: string }
  | { cmd: 'replay'; site: Site; file: string; index: number; channel: string; loop?: boolean }
  | { cmd: 'stopReplay'; site: Site };
