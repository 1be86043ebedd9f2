// Property names shortened in the minified bundle (esbuild mangleProps): the firmware's internal
// state records, and the configuration's keys. They are ~3 KB of the bundle's text and RAM, and
// on the Pico the interpreter reads every character of them on each tick. A name listed here
// must never be a key the outside world sees other than through firmware/config/names.ts (which
// renames a configuration document at the firmware's edges), nor an option or event field of
// Espruino's natives: tests/build/internal-properties.test.ts checks both lists, and the bundle's
// hand.config() and hand.status() keys.
import { KEY_NAMES } from '../../firmware/config/names';

export const INTERNAL_PROPERTIES = [
  // EmgChannel, EmgInput
  'pendingMs', 'goodMs', 'railHighAt', 'railLowAt', 'onAt', 'offAt', 'fastAt', 'perLevel', 'smoothing', 'baselineRate', 'lastMean', 'sample', 'block', 'blockScale',
  // Finger, FingerSet
  'stepPerMs', 'openPulseUs', 'strokeUs', 'stillMs', 'movedAtMs', 'pulseUs', 'target', 'position', 'changed', 'active',
  // ControlState
  'toggleMotion', 'toggleDirection', 'burstMs', 'wasOn', 'aim',
  // Hand
  'bootLeftMs', 'heldMs', 'resetRequested', 'emgEnabled', 'busy', 'uptimeMs', 'channels', 'led', 'gripIndex', 'curve', 'pulses', 'gripStep',
  'following', 'gripSpeedMax', 'steady', 'steadyTicks', 'steadyJump2', 'quietTicks', 'steadyFloor', 'kinks', 'sinceStepMs', 'coveredMs', 'triggersStale', 'speedFactor', 'gripMax', 'eased',
  // HandInputs, IdleState, the shell's board and console wiring
  'level', 'mean', 'buttonPresses', 'buttonDown', 'elapsedMs', 'idleUpdate', 'presses', 'ticks', 'list', 'unsupervisedMs', 'sumOf',
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
  // the running configuration, flex mirroring, the supervisor's stall and sample checks
  'cfg', 'mirror', 'stalled', 'suspect', 'spread',
  // Board parts (hal/types.ts)
  'servos', 'button', 'store', 'isPressed', 'show', 'enable', 'kick', 'restart', 'calibrated', 'down',
  // Clock and ConsoleOut (hal/types.ts), the other Board parts, the console's wiring
  'every', 'after', 'cancel', 'nowS', 'print', 'out', 'expose', 'watch', 'pulse', 'hand', 'copy', 'add', 'clear', 'volts',
  // Hand.cal, TriggerState
  'cal', 'on0', 'on1', 'at0', 'at1', 'now', 'imp',
  // Names hand.status() and the console API show too, where they are quoted (console-api.ts)
  'faults', 'envelope', 'effort', 'baseline', 'grip', 'gripName', 'site', 'faultLog',
];

/**
 * The configuration's keys, but `version` (hand.status() has it too, and documents of any
 * version must show it as it is) and `keys` (Object.keys).
 */
export const CONFIG_PROPERTIES = KEY_NAMES.split(' ').filter((k) => k !== 'version' && k !== 'keys');
