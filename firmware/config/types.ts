// The configuration document: one JSON object in Storage, the same shape on the desktop.
// Positions are 0 (open) .. 1 (closed); EMG levels are 0..1 of the ADC range.

export type EmgSignal = 'envelope' | 'raw';
export type ControlMode = 'two-site' | 'one-site-toggle' | 'one-site-level';
export type FaultAction = 'hold' | 'open';

export interface EmgSiteConfig {
  /** ADC pin the sensor output is wired to. */
  pin: string;
  /** `envelope`: a MyoWare-style ENV output; `raw`: centred EMG around mid-rail. */
  signal: EmgSignal;
  /** How fast the pin is sampled in the background (Waveform), per second. */
  sampleRateHz: number;
  /** Level at rest and at the user's strongest contraction (calibration sets them). */
  restLevel: number;
  maxLevel: number;
}

export interface FingerConfig {
  name: string;
  /** A hardware-PWM (timer) pin. */
  pin: string;
  /** The servo never gets a pulse outside [minPulseUs, maxPulseUs]. */
  minPulseUs: number;
  maxPulseUs: number;
  /** false: minPulseUs is open; true: maxPulseUs is open (servo mounted the other way). */
  inverted: boolean;
  /** Fastest the finger may move, in full strokes (open to closed) per second. */
  maxSpeedPerS: number;
}

export interface Config {
  version: number;
  /** Control loop period. */
  tickMs: number;
  emg: EmgSiteConfig[];
  control: {
    mode: ControlMode;
    /** Normalised (0..1 of rest..max) activation that switches a site on, and off again. */
    onLevel: number;
    offLevel: number;
    /** How long a site must stay over onLevel to count as on, and under offLevel to count as off. */
    minOnMs: number;
    minOffMs: number;
    /** Envelope smoothing time constant. */
    smoothingMs: number;
    /** Baseline tracking time constant while the hand is at rest. */
    baselineMs: number;
    /** Whole hand closing/opening speed at full effort, in strokes per second. */
    fullSpeedPerS: number;
    /** Fraction of full speed at the lightest effort that still counts as on. */
    minSpeedFraction: number;
    /** One-site toggle: a burst shorter than this toggles open/close. */
    toggleMaxMs: number;
    /** One-site level-coded: activation above this closes, between onLevel and this opens. */
    levelCloseAbove: number;
  };
  fingers: FingerConfig[];
  servo: {
    /** Servo pulses stop after the hand has been still (and open) this long; 0 = never. */
    releaseAfterMs: number;
    /** Whether pulses also stop while holding a grip (the fingers go limp). */
    releaseWhenHolding: boolean;
  };
  safety: {
    /** What EMG-driven motion does when a sensor faults. */
    faultAction: FaultAction;
    /** A sensor whose block mean stays this close to a rail this long is faulted. */
    railMargin: number;
    railMs: number;
    /** A faulted sensor must read good this long before control resumes. */
    recoverMs: number;
  };
  flexPins: string[];
  battery: { pin: string; dividerRatio: number };
  watchdogS: number;
}
