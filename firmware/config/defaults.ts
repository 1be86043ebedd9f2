import { Config } from './types';

/** The wiring of the README's table, and values that suit a MyoWare-style envelope sensor. */
export function defaultConfig(): Config {
  return {
    version: 1,
    tickMs: 40,
    emg: [
      { pin: 'A5', signal: 'envelope', sampleRateHz: 500, restLevel: 0.03, maxLevel: 0.6 },
      { pin: 'A6', signal: 'envelope', sampleRateHz: 500, restLevel: 0.03, maxLevel: 0.6 },
    ],
    control: {
      mode: 'two-site',
      onLevel: 0.2,
      offLevel: 0.1,
      minOnMs: 40,
      minOffMs: 120,
      smoothingMs: 40,
      baselineMs: 5000,
      fullSpeedPerS: 1.5,
      minSpeedFraction: 0.3,
      toggleMaxMs: 600,
      levelCloseAbove: 0.6,
    },
    fingers: [
      finger('thumb', 'B3'),
      finger('index', 'B4'),
      finger('middle', 'B5'),
      finger('ring', 'B8'),
      finger('little', 'B9'),
    ],
    servo: { releaseAfterMs: 2000, releaseWhenHolding: false },
    safety: { faultAction: 'hold', railMargin: 0.01, railMs: 500, recoverMs: 500 },
    flexPins: ['A0', 'A1', 'A2', 'A3', 'A4'],
    battery: { pin: 'B1', dividerRatio: 0.5 },
    watchdogS: 1,
  };
}

function finger(name: string, pin: string) {
  return { name, pin, minPulseUs: 1000, maxPulseUs: 2000, inverted: false, maxSpeedPerS: 3 };
}
