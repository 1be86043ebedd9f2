// A scenario as TypeScript sees it once it has passed the schema (schema.ts) and validate.ts.

import type { ServoModelName } from '../models';
import type { EmgSignal, FaultKind, FaultSpec, FingerName, FlexSource, HandSnapshot, Site } from '../engine/types';

export interface ScenarioMeta {
  name: string;
  description?: string;
  seed: number;
  durationS: number;
  emgSignal?: EmgSignal;
  servoModel?: ServoModelName;
  /** Where the flex sensors are (default `fingers`); `glove`: they read the glove events' bends. */
  flexSource?: FlexSource;
  battery?: { cells?: number; capacityMah?: number; chargeFraction?: number; internalResistanceOhmPerCell?: number; dividerRatio?: number };
  fingerPulseUs?: { open: number; closed: number };
  /** One trace row per this many ms (default 20). */
  traceIntervalMs?: number;
  statusIntervalMs?: number;
  physicsDtMs?: number;
  requires?: 'sharedEmg'[];
}

interface At {
  at: number;
  comment?: string;
}

export type ScenarioEvent = At &
  (
    | { do: 'effort'; site: Site; level: number; rampS?: number }
    | { do: 'glove'; bends: number[]; rampS?: number }
    | { do: 'object'; shape: 'cup' | 'custom' | 'none'; closure?: number; fingers?: (number | null)[] }
    | { do: 'button'; action: 'press' | 'release' | 'click'; holdS?: number }
    | { do: 'injectFault'; fault: FaultSpec }
    | { do: 'clearFault'; kind?: FaultKind; site?: Site; finger?: FingerName }
    | { do: 'battery'; chargeFraction?: number; voltage?: number }
    | { do: 'console'; line: string }
    | { do: 'replay'; site: Site; file: string; channel: string; fromS?: number; durationS?: number; gain?: number; loop?: boolean }
    | { do: 'stopReplay'; site: Site }
    | { do: 'powerCycle' }
  );

export type FingerSelector = 'all' | 'any' | FingerName;

export interface Comparators {
  equals?: unknown;
  not?: unknown;
  in?: unknown[];
  above?: number;
  below?: number;
  exists?: boolean;
}

interface When {
  at?: number;
  from?: number;
  to?: number;
  when?: 'always' | 'ever';
  label?: string;
}

export type ScenarioCheck = When &
  (
    | { check: 'state'; equals?: string; in?: string[]; not?: string | string[] }
    | { check: 'flexion'; finger?: FingerSelector; above?: number; below?: number }
    | { check: 'stalled'; finger?: FingerSelector; equals?: boolean }
    | { check: 'fault'; present?: boolean; name?: string }
    | { check: 'pulses'; minUs?: number; maxUs?: number; present?: boolean }
    | { check: 'noMotion'; toleranceDeg?: number }
    | { check: 'led'; led: 'red' | 'green'; lit?: boolean; blinking?: boolean }
    | ({ check: 'status'; path: string } & Comparators)
    | ({ check: 'sim'; path: string } & Comparators)
    | { check: 'noCrash' }
  );

export interface Scenario {
  $schema?: string;
  meta: ScenarioMeta;
  timeline?: ScenarioEvent[];
  expect?: ScenarioCheck[];
}

export interface CheckResult {
  index: number;
  description: string;
  ok: boolean;
  message: string;
}

export interface RunSummary {
  name: string;
  seed: number;
  /** Set when the scenario was not run (e.g. its recordings are absent), with the reason. */
  skipped?: string;
  durationS: number;
  simulatedS: number;
  wallMs: number;
  /** Simulated time / wall time. */
  speedX: number;
  traceRows: number;
  finalState: string | null;
  /** Narrowest and widest servo pulse seen over the whole run, every physics step (null: none). */
  pulseRangeUs: [number, number] | null;
  /** Fault names hand.status() reported at any sample. */
  faultsSeen: string[];
  /** Faults injected in the simulation. */
  simFaultsSeen: string[];
  statesSeen: string[];
  maxFlexion: number;
  stalledSeen: boolean;
  minBatteryV: number;
  expectations: { passed: number; failed: number; results: CheckResult[] };
  /** Uncaught errors / ERROR lines from the Virtual Pico; resets. */
  errors: string[];
  resets: number;
  /** The run stopped early: the Virtual Pico ran out of memory, lost power, or an event failed. */
  aborted?: string;
  ok: boolean;
}

export type TraceRow = Record<string, unknown>;
export type { HandSnapshot };
