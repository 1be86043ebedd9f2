// Property names of the firmware's internal state records, shortened in the minified bundle
// (esbuild mangleProps). They are ~1.5 KB of the bundle's text and RAM, and on the Pico the
// interpreter reads every character of them on each tick. A name listed here must never be a
// key the outside world sees: the configuration document, hand.status(), telemetry or the
// console (tests/build/internal-properties.test.ts checks the configuration and status keys).
export const INTERNAL_PROPERTIES = [
  // EmgChannel, EmgInput
  'pendingMs', 'goodMs', 'railHighAt', 'railLowAt', 'onAt', 'offAt', 'fastAt', 'perLevel', 'smoothing', 'baselineRate', 'lastMean', 'sample',
  // Finger, FingerSet
  'stepPerMs', 'openPulseUs', 'strokeUs', 'stillMs', 'movedAtMs', 'pulseUs', 'target', 'position', 'changed', 'active',
  // ControlState
  'toggleMotion', 'toggleDirection', 'burstMs', 'wasOn',
  // Hand
  'bootLeftMs', 'heldMs', 'resetRequested', 'emgEnabled', 'busy', 'uptimeMs', 'channels', 'led', 'gripIndex', 'curve', 'pulses', 'gripStep',
  'following', 'gripSpeedMax', 'steady', 'steadyTicks', 'steadyJump', 'kinks', 'sinceStepMs', 'coveredMs', 'triggersStale', 'speedFactor', 'gripMax', 'eased',
  // HandInputs, IdleState, the shell's board and console wiring
  'level', 'mean', 'buttonPresses', 'buttonDown', 'elapsedMs', 'idleUpdate', 'presses', 'ticks', 'list',
  'servoPins', 'batteryPin', 'blockMs', 'readBatteryV', 'readFlex', 'writePulses',
  // Triggers, supervisor, battery
  'armed', 'driver', 'quietAt', 'hold', 'triggers', 'triggerCfg', 'showGripMs', 'pressedAtMs', 'squeezeMs', 'known', 'batteryCfg',
  'openOnly', 'senseInvalid', 'want', 'faultBits',
  // the configuration validator's working record
  'taken', 'errors', 'fingerCount', 'rules',
  // Board (hal/types.ts) parts only the firmware calls
  'clock', 'ledRed', 'ledGreen', 'watchdog', 'release', 'settings',
  // Calibration, StatusLed, StoredConfig
  'phase', 'phaseMs', 'resumeAfter', 'acc', 'say', 'result', 'pattern', 'unusable', 'problems', 'slot', 'seq', 'partial',
];
