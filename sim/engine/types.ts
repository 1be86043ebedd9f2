// Types of the hand simulation engine's API: options, inputs, faults and the snapshot record.

import type { BatteryParams, EmgParams, ServoModelName } from '../models';
import type { EmgRecording } from '../recordings';
import type { FlashImage } from '../runtime';

export const SITES = ['flexor', 'extensor'] as const;
export type Site = (typeof SITES)[number];

export const FINGERS = ['thumb', 'index', 'middle', 'ring', 'little'] as const;
export type FingerName = (typeof FINGERS)[number];

export type EmgSignal = 'envelope' | 'raw';

/** Where the flex sensors are: on the prosthetic `fingers` (each reads its finger's flexion:
 *  position feedback), or on a `glove` worn on the user's own hand (each reads the glove
 *  finger's bend, set with setGlove; the prosthetic fingers do not affect them). */
export const FLEX_SOURCES = ['fingers', 'glove'] as const;
export type FlexSource = (typeof FLEX_SOURCES)[number];

export interface HandPins {
  /** EMG sites: flexor (close) and extensor (open). */
  emg: Record<Site, string>;
  /** Flex sensors, thumb..little. */
  flex: string[];
  /** Servos, thumb..little. */
  servos: string[];
  battery: string;
  redLed: string;
  greenLed: string;
  button: string;
}

export interface HandSimOptions {
  /** The firmware bundle's source text (dist/firmware.js). */
  firmware: string;
  /** Seeds every noise source (EMG, flex sensors, the firmware's Math.random). */
  seed: number;
  /** What the EMG sensors put on their pins (default `envelope`, a MyoWare ENV output). The
   *  firmware must be configured for the same kind to make sense of it. */
  emgSignal?: EmgSignal;
  /** Servo datasheet (default SG90). */
  servoModel?: ServoModelName;
  /** Battery pack (default 1S 1000 mAh LiPo, full, sense divider 0.5). */
  battery?: Partial<BatteryParams>;
  /** Draw of the Pico, the sensors and the rest, besides the servos (default 0.04 A). */
  boardCurrentA?: number;
  /** Flash that survives power cycles; default a fresh empty one. */
  storage?: FlashImage;
  /** Wiring (default: the firmware's default wiring, see README). */
  pins?: Partial<HandPins>;
  /** Where the flex sensors are (default `fingers`); can be changed later with setFlexSource. */
  flexSource?: FlexSource;
  /** Servo pulses at the open and closed finger positions (default 1000 and 2000 µs): maps servo angle to finger flexion. */
  fingerPulseUs?: { open: number; closed: number };
  /** Generator parameters per site on top of the mode's defaults. */
  emgParams?: Partial<Record<Site, Partial<EmgParams>>>;
  /** Physics step in ms (default 5). */
  physicsDtMs?: number;
  /** How often hand.status() is evaluated, in ms of virtual time (default 100; 0 = only on demand). */
  statusIntervalMs?: number;
  /** Rate replayed recordings are resampled to: what the firmware's sampler sees (default 500 Hz). */
  pinRateHz?: number;
  /** VirtualPico memory re-estimate interval, in s (default 5; 0 = only at load and process.memory()). */
  memoryCheckIntervalS?: number;
  /** Console output as it is printed. */
  onOutput?: (text: string) => void;
}

/** Something in the hand: per finger, the flexion 0..1 at which the finger meets it. */
export type ObjectSpec =
  | { shape: 'cup'; closure: number }
  | { shape: 'custom'; fingers: number[] }
  | { shape: 'none' };

export type FaultSpec =
  | { kind: 'liftoff'; site: Site; mode: 'rail' | 'flat' }
  /** One artefact now, or one every `everyS` seconds until cleared. Amplitude in ADC units (default 0.5). */
  | { kind: 'motionArtefact'; site: Site; amplitude?: number; everyS?: number }
  /** The finger jams where it is: it cannot move either way; pushing draws stall current. */
  | { kind: 'servoStall'; finger: FingerName }
  /** The pack drops to this state of charge (default 0.03); clearing restores the previous charge. */
  | { kind: 'lowBattery'; chargeFraction?: number };

export type FaultKind = FaultSpec['kind'];

/** Which fault(s) to clear: all of a kind, or one site / finger; nothing = every fault. */
export interface ClearFaultSpec {
  kind?: FaultKind;
  site?: Site;
  finger?: FingerName;
}

export interface ReplaySpec {
  site: Site;
  recording: EmgRecording;
  channel: string;
  /** Where in the recording to start, and how much of it to play (default: to its end). */
  fromS?: number;
  durationS?: number;
  /** ADC units per recording unit. Default: envelope - the 99th percentile of the envelope at
   *  0.8; raw - the 99th percentile of |signal| at 0.4 around mid-rail. */
  gain?: number;
  /** Envelope only: resting offset (default 0.03, a MyoWare ENV at rest). */
  offsetAdc?: number;
  loop?: boolean;
}

export interface LedSnapshot {
  /** Level now: 0/1 for a digital pin, the PWM duty when dimmed. */
  level: number;
  /** Mean level since the previous snapshot (sampled every physics step). */
  duty: number;
  /** Rising edges since the previous snapshot. */
  edges: number;
}

/** A plain record of everything the simulation shows at one moment (JSON-safe). */
export interface HandSnapshot {
  tS: number;
  /** Activation asked of each muscle 0..1, and what its pin reads 0..1. */
  effort: Record<Site, number>;
  emgAdc: Record<Site, number>;
  /** Which sites are being driven by a recording. */
  replaying: Site[];
  /** Servo pulse widths now (null: no pulses), thumb..little. */
  pulsesUs: (number | null)[];
  /** Narrowest and widest pulse seen since the previous snapshot (null: none seen). */
  pulseMinUs: (number | null)[];
  pulseMaxUs: (number | null)[];
  angleDeg: number[];
  /** Finger flexion 0 open .. 1 closed, from the servo angle. */
  flexion: number[];
  /** Where the flex sensors are, the glove's bends now (0 straight..1 bent, thumb..little; kept
   *  whatever the source), and what each flex sensor pin reads 0..1. */
  flexSource: FlexSource;
  glove: number[];
  flexAdc: number[];
  /** Whether each finger moved since the previous snapshot. */
  moved: boolean[];
  stalled: boolean[];
  servoCurrentA: number[];
  totalCurrentA: number;
  batteryV: number;
  batteryCharge: number;
  leds: { red: LedSnapshot; green: LedSnapshot };
  button: boolean;
  /** Per finger, the flexion where the object stops it (null: nothing in the way). */
  object: (number | null)[];
  /** Faults injected in the simulation (not the firmware's view), e.g. "liftoff:flexor:rail". */
  simFaults: string[];
  /** hand.status() as last sampled, and when (null before the first sample). */
  status: FirmwareStatus | null;
  statusAtS: number | null;
  /** Console output printed since the previous snapshot. */
  output: string;
  /** Virtual Pico resets so far, and uncaught errors / ERROR lines printed so far. */
  resets: number;
  errorCount: number;
}

/** What hand.status() returns, as far as the engine relies on it (the rest passes through). */
export interface FirmwareStatus {
  state?: string;
  fingers?: Record<string, number>;
  faults?: string[];
  [key: string]: unknown;
}
