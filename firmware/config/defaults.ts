import { Config, EmgSiteConfig } from './types';

/** The wiring of the README's table, and values that suit a MyoWare-style envelope sensor. */
export function defaultConfig(): Config {
  return {
    version: 3,
    tickMs: 40,
    emg: [site('A5'), site('A6')],
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
    grips: { default: 'power', user: [], coContractionMs: 0, holdOpenMs: 0, doubleImpulseMs: 0, returnMs: 10000, arbitration: 'stronger' },
    servo: { releaseAfterMs: 2000, releaseWhenHolding: false },
    safety: { faultAction: 'hold', railMargin: 0.01, railMs: 500, recoverMs: 500, stallMs: 500, maxSqueezeMs: 60000, maxStarts: 2, hostTimeoutMs: 300 },
    flexPins: ['A0', 'A1', 'A2', 'A3', 'A4'],
    flex: { straight: [], bent: [] },
    // A 1S LiPo: 3.5 V leaves about a tenth of the charge; at 3.3 V it is nearly empty.
    battery: { pin: 'B1', dividerRatio: 0.5, lowV: 3.5, criticalV: 3.3 },
    watchdogS: 1,
  };
}

function site(pin: string): EmgSiteConfig {
  return { pin, signal: 'envelope', sampleRateHz: 500, restLevel: 0.03, maxLevel: 0.6 };
}

function finger(name: string, pin: string) {
  return { name, pin, minPulseUs: 1000, maxPulseUs: 2000, inverted: false, maxSpeedPerS: 3 };
}
