// The JSON Schema of a scenario file (draft 2020-12 subset that ajv validates). Events and
// checks are tagged unions (`do`, `check`, fault `kind`) so that a mistake is reported against
// the one branch it meant, with its path, instead of a wall of oneOf failures.
// `npm run sim -- --print-schema` writes it out for editors.

import { SERVO_DATASHEETS } from '../models';
import { FINGERS, FLEX_SOURCES, SITES } from '../engine/types';

const num = { type: 'number' } as const;
const nonNeg = { type: 'number', minimum: 0 } as const;
const unit = { type: 'number', minimum: 0, maximum: 1 } as const;
const site = { enum: [...SITES] } as const;
const finger = { enum: [...FINGERS] } as const;
const fingerSel = { enum: ['all', 'any', ...FINGERS] } as const;
const at = { type: 'number', minimum: 0, description: 'Seconds of virtual time from the start.' } as const;

function event(name: string, description: string, props: Record<string, unknown>, required: string[] = [], extra: Record<string, unknown> = {}) {
  return {
    type: 'object',
    description,
    properties: { do: { const: name }, at, comment: { type: 'string' }, ...props },
    required: ['do', 'at', ...required],
    additionalProperties: false,
    ...extra,
  };
}

const comparators = {
  equals: {},
  not: {},
  in: { type: 'array' },
  above: num,
  below: num,
  exists: { type: 'boolean' },
};

function check(name: string, description: string, props: Record<string, unknown>, required: string[] = []) {
  return {
    type: 'object',
    description,
    properties: {
      check: { const: name },
      at: { ...at, description: 'Check at this instant (after everything up to it, before the events at the same time).' },
      from: { ...at, description: 'Check over a window from..to (trace rows inside it).' },
      to: { ...at, description: 'End of the window (default: the end of the run).' },
      when: { enum: ['always', 'ever'], description: 'Over a window: on every row (default) or on at least one.' },
      label: { type: 'string' },
      ...props,
    },
    required: ['check', ...required],
    additionalProperties: false,
  };
}

const faultSpec = {
  type: 'object',
  discriminator: { propertyName: 'kind' },
  required: ['kind'],
  oneOf: [
    {
      type: 'object',
      properties: { kind: { const: 'liftoff' }, site, mode: { enum: ['rail', 'flat'] } },
      required: ['kind', 'site', 'mode'],
      additionalProperties: false,
    },
    {
      type: 'object',
      properties: { kind: { const: 'motionArtefact' }, site, amplitude: { type: 'number', minimum: -1, maximum: 1 }, everyS: { type: 'number', exclusiveMinimum: 0 } },
      required: ['kind', 'site'],
      additionalProperties: false,
    },
    {
      type: 'object',
      properties: { kind: { const: 'servoStall' }, finger },
      required: ['kind', 'finger'],
      additionalProperties: false,
    },
    {
      type: 'object',
      properties: { kind: { const: 'lowBattery' }, chargeFraction: unit },
      required: ['kind'],
      additionalProperties: false,
    },
  ],
} as const;

export const EVENT_KINDS = ['effort', 'glove', 'object', 'button', 'injectFault', 'clearFault', 'battery', 'console', 'replay', 'stopReplay', 'powerCycle'] as const;
export const CHECK_KINDS = ['state', 'flexion', 'stalled', 'fault', 'pulses', 'noMotion', 'led', 'status', 'sim', 'noCrash'] as const;

export const SCENARIO_SCHEMA = {
  $id: 'https://grasp.local/scenario.schema.json',
  title: 'Grasp simulator scenario',
  type: 'object',
  properties: {
    $schema: { type: 'string' },
    meta: {
      type: 'object',
      properties: {
        name: { type: 'string', minLength: 1 },
        description: { type: 'string' },
        seed: { type: 'integer' },
        durationS: { type: 'number', exclusiveMinimum: 0, maximum: 86400 },
        emgSignal: { enum: ['envelope', 'raw'] },
        servoModel: { enum: Object.keys(SERVO_DATASHEETS) },
        flexSource: { enum: [...FLEX_SOURCES], description: 'Where the flex sensors are: on the prosthetic fingers (default) or on a glove on the user\'s own hand (its bends set by glove events).' },
        battery: {
          type: 'object',
          properties: {
            cells: { type: 'integer', minimum: 1, maximum: 4 },
            capacityMah: { type: 'number', exclusiveMinimum: 0 },
            chargeFraction: unit,
            internalResistanceOhmPerCell: nonNeg,
            dividerRatio: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
          },
          additionalProperties: false,
        },
        fingerPulseUs: {
          type: 'object',
          properties: { open: { type: 'number', minimum: 400, maximum: 2600 }, closed: { type: 'number', minimum: 400, maximum: 2600 } },
          required: ['open', 'closed'],
          additionalProperties: false,
        },
        traceIntervalMs: { type: 'number', minimum: 1, maximum: 60000 },
        statusIntervalMs: { type: 'number', minimum: 10, maximum: 60000 },
        physicsDtMs: { type: 'number', minimum: 0.5, maximum: 20 },
        requires: { type: 'array', items: { enum: ['sharedEmg'] }, description: 'Skip (with a message) when these are absent.' },
      },
      required: ['name', 'seed', 'durationS'],
      additionalProperties: false,
    },
    timeline: {
      type: 'array',
      items: {
        type: 'object',
        discriminator: { propertyName: 'do' },
        required: ['do'],
        oneOf: [
          event('effort', 'Muscle activation 0..1 at a site, as a step or a linear ramp.', { site, level: unit, rampS: nonNeg }, ['site', 'level']),
          event(
            'glove',
            'The glove\'s finger bends (thumb..little, 0 straight..1 bent), as a step or a linear ramp; the flex pins read them when meta.flexSource is "glove".',
            { bends: { type: 'array', items: unit, minItems: 5, maxItems: 5 }, rampS: nonNeg },
            ['bends'],
          ),
          event(
            'object',
            'Put an object in the hand: a cup stops every finger at `closure`; custom gives the flexion per finger (null: not touching); none removes it.',
            {
              shape: { enum: ['cup', 'custom', 'none'] },
              closure: unit,
              fingers: { type: 'array', items: { anyOf: [unit, { type: 'null' }] }, minItems: 5, maxItems: 5 },
            },
            ['shape'],
            {
              allOf: [
                { if: { properties: { shape: { const: 'cup' } } }, then: { required: ['closure'] } },
                { if: { properties: { shape: { const: 'custom' } } }, then: { required: ['fingers'] } },
              ],
            },
          ),
          event('button', 'The Pico button: press, release, or click (press, then release after holdS, default 0.1).', { action: { enum: ['press', 'release', 'click'] }, holdS: { type: 'number', exclusiveMinimum: 0 } }, [
            'action',
          ]),
          event('injectFault', 'Inject a fault.', { fault: faultSpec }, ['fault']),
          event('clearFault', 'Clear faults: every one, or of a kind / site / finger.', {
            kind: { enum: ['liftoff', 'motionArtefact', 'servoStall', 'lowBattery'] },
            site,
            finger,
          }),
          event('battery', 'Set the pack state of charge (0..1) or its open-circuit voltage.', { chargeFraction: unit, voltage: { type: 'number', exclusiveMinimum: 0, maximum: 20 } }),
          event('console', 'A line typed at the firmware console.', { line: { type: 'string', minLength: 1 } }, ['line']),
          event(
            'replay',
            'Drive a site from a recorded channel. file: relative to ../shared/emg (or to the scenario file when it starts with ./), or absolute.',
            { site, file: { type: 'string', minLength: 1 }, channel: { type: 'string', minLength: 1 }, fromS: nonNeg, durationS: { type: 'number', exclusiveMinimum: 0 }, gain: { type: 'number', exclusiveMinimum: 0 }, loop: { type: 'boolean' } },
            ['site', 'file', 'channel'],
          ),
          event('stopReplay', 'Give a site back to the generator.', { site }, ['site']),
          event('powerCycle', 'Power off and on: RAM lost, flash kept; the hand keeps its physical state.', {}),
        ],
      },
    },
    expect: {
      type: 'array',
      items: {
        type: 'object',
        discriminator: { propertyName: 'check' },
        required: ['check'],
        oneOf: [
          check('state', "The firmware's hand.status().state.", { equals: { type: 'string' }, in: { type: 'array', items: { type: 'string' } }, not: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] } }),
          check('flexion', 'Physical finger flexion 0 open..1 closed (from the servo model).', { finger: fingerSel, above: num, below: num }),
          check('stalled', 'Fingers pushing against an object or jammed.', { finger: fingerSel, equals: { type: 'boolean' } }),
          check('fault', "A fault in hand.status().faults (any, or one whose name contains `name`); present: false = none.", { present: { type: 'boolean' }, name: { type: 'string' } }),
          check('pulses', 'Every servo pulse seen inside minUs..maxUs (every physics step); present: whether pulses are sent at all.', {
            minUs: num,
            maxUs: num,
            present: { type: 'boolean' },
          }),
          check('noMotion', 'No finger moves (more than toleranceDeg from where it was at the start of the window).', { toleranceDeg: nonNeg }),
          check('led', 'An LED lit (any time in the row), or blinking (2+ rising edges over the window).', { led: { enum: ['red', 'green'] }, lit: { type: 'boolean' }, blinking: { type: 'boolean' } }, ['led']),
          check('status', 'Any value of hand.status() by dotted path (e.g. "emg.0.on", "batteryV").', { path: { type: 'string', minLength: 1 }, ...comparators }, ['path']),
          check('sim', 'Any value of the simulation snapshot by dotted path (e.g. "batteryV", "stalled.1").', { path: { type: 'string', minLength: 1 }, ...comparators }, ['path']),
          check('noCrash', 'No uncaught error and no reset of the Virtual Pico so far.', {}),
        ],
      },
    },
  },
  required: ['meta'],
  additionalProperties: false,
} as const;
