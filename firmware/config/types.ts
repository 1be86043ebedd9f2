// The configuration document: one JSON object in Storage, the same shape on the desktop.
// Positions are 0 (open) .. 1 (closed); EMG levels are 0..1 of the ADC range.

export type EmgSignal = 'envelope' | 'raw';
export type ControlMode = 'two-site' | 'one-site-toggle' | 'one-site-level' | 'position' | 'flex-mirror';
export type FaultAction = 'hold' | 'open';
export type Arbitration = 'first' | 'stronger';

/** A grip: keyframes [at, thumb, index, middle, ring, little] along the closing motion (firmware/core/grips.ts). */
export interface GripConfig {
  name: string;
  keys: number[][];
}

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
  grips: {
    /** The grip the hand starts in and returns to: a built-in (open, power, tripod, pinch, key, point, hook) or a user grip. */
    default: string;
    /** The user's own grips, offered after the built-ins. */
    user: GripConfig[];
    /** Both sites switching on within this window selects the next grip (0 = off). */
    coContractionMs: number;
    /** The opening site held on this long with the hand open selects the next grip (0 = off). */
    holdOpenMs: number;
    /** Two short bursts of the opening site within this window select the next grip (0 = off). */
    doubleImpulseMs: number;
    /** Open and quiet this long: back to the default grip (0 = never). */
    returnMs: number;
    /** Both sites on: the one that switched on first drives, or the stronger one. */
    arbitration: Arbitration;
  };
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
    /** A finger whose flex sensor lags its command this long while closing is stalled: it backs off (0 = off). */
    stallMs: number;
    /** Fully closed this long: every finger backs off a little, so a servo does not push at full force for ever (0 = never). */
    maxSqueezeMs: number;
    /** At most this many fingers start moving in one tick (servo inrush currents add up). */
    maxStarts: number;
    /** Fingers driven by console commands (hand.set, a desktop tool) stop when no command came for this long. */
    hostTimeoutMs: number;
  };
  flexPins: string[];
  /**
   * Each flex sensor's reading (0..1 of the ADC range) with its finger straight and fully bent,
   * one per finger, or none (not calibrated; hand.flex() measures them). Mode `flex-mirror`
   * needs them (the sensors are on a glove and drive the fingers); in the other modes they
   * make the sensors on the hand's fingers a position feedback, for stall detection.
   */
  flex: { straight: number[]; bent: number[] };
  battery: {
    pin: string;
    /** Battery volts per pin volt is 1 / dividerRatio. */
    dividerRatio: number;
    /** Below lowV the hand moves at half speed and the LED warns; below criticalV it may only open, then lets go. */
    lowV: number;
    criticalV: number;
  };
  watchdogS: number;
}
