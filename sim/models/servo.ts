// A hobby servo driven by 50 Hz pulses.
//
// - The pulse width maps linearly to a target angle over the datasheet's pulse range (pulses
//   outside it are clamped, as the servo's end stops would).
// - The horn slews toward the target at the datasheet no-load speed, scaled by supplyV /
//   ratedVoltageV; it snaps onto the target when within one step. A new target within half the
//   dead band of where the horn stands does not start a move.
// - No pulses: the controller is off. The horn stays where it is, with no holding torque and
//   no current (the few-mA quiescent draw of the electronics is ignored).
// - An object at objectAngleDeg blocks the finger from closing past it. Pushing against it,
//   the servo's proportional controller drives torque and current up with the position error,
//   reaching stall torque and stall current at fullTorqueErrorDeg, and reports stalled: true.

import { SERVO_DATASHEETS, ServoDatasheet, ServoModelName } from './servoDatasheets';

export interface ServoParams extends ServoDatasheet {
  /** +1: closing the finger increases the servo angle (the object blocks larger angles); -1: the reverse. */
  closeDirection: 1 | -1;
  /** Position error at which a blocked servo pushes with its full stall torque. */
  fullTorqueErrorDeg: number;
  initialAngleDeg: number;
}

export interface ServoInputs {
  /** The pulse width this frame; undefined when no pulses are sent. */
  pulseUs: number | undefined;
  supplyV: number;
  /** Where an object stops the finger closing; undefined when the hand is empty. */
  objectAngleDeg?: number;
}

export interface ServoState {
  readonly params: ServoParams;
  readonly angleDeg: number;
  /** The angle the last pulse asked for; undefined when no pulses arrive. */
  readonly targetAngleDeg: number | undefined;
  readonly moving: boolean;
  /** Pushing against the object. */
  readonly stalled: boolean;
  readonly torqueNm: number;
  readonly currentA: number;
}

export function servoParams(model: ServoModelName, overrides: Partial<ServoParams> = {}): ServoParams {
  return { ...SERVO_DATASHEETS[model], closeDirection: 1, fullTorqueErrorDeg: 3, initialAngleDeg: 0, ...overrides };
}

export function createServo(params: ServoParams): ServoState {
  return {
    params,
    angleDeg: params.initialAngleDeg,
    targetAngleDeg: undefined,
    moving: false,
    stalled: false,
    torqueNm: 0,
    currentA: 0,
  };
}

/** The angle a pulse asks for, pulses clamped to the datasheet range. */
export function pulseToAngleDeg(pulseUs: number, sheet: ServoDatasheet): number {
  const clamped = Math.min(sheet.maxPulseUs, Math.max(sheet.minPulseUs, pulseUs));
  return ((clamped - sheet.minPulseUs) / (sheet.maxPulseUs - sheet.minPulseUs)) * sheet.travelDeg;
}

/** The pulse that asks for an angle (the inverse of pulseToAngleDeg, angle clamped to travel). */
export function angleToPulseUs(angleDeg: number, sheet: ServoDatasheet): number {
  const clamped = Math.min(sheet.travelDeg, Math.max(0, angleDeg));
  return sheet.minPulseUs + (clamped / sheet.travelDeg) * (sheet.maxPulseUs - sheet.minPulseUs);
}

/** No-load slew rate at a supply voltage. */
export function servoSpeedDegPerS(sheet: ServoDatasheet, supplyV: number): number {
  return (60 / sheet.secondsPer60Deg) * Math.max(0, supplyV / sheet.ratedVoltageV);
}

export function stepServo(state: ServoState, inputs: ServoInputs, dtS: number): ServoState {
  const p = state.params;
  if (inputs.pulseUs === undefined || !(inputs.supplyV > 0)) {
    // Limp: no drive, no holding torque, no current.
    return { ...state, targetAngleDeg: undefined, moving: false, stalled: false, torqueNm: 0, currentA: 0 };
  }
  const voltageScale = inputs.supplyV / p.ratedVoltageV;
  const targetAngleDeg = pulseToAngleDeg(inputs.pulseUs, p);
  const halfDeadbandDeg = ((p.deadbandUs / (p.maxPulseUs - p.minPulseUs)) * p.travelDeg) / 2;
  const errorDeg = targetAngleDeg - state.angleDeg;
  const starts = state.moving || Math.abs(errorDeg) > halfDeadbandDeg;

  const maxStepDeg = servoSpeedDegPerS(p, inputs.supplyV) * Math.max(0, dtS);
  let angleDeg = starts ? state.angleDeg + Math.max(-maxStepDeg, Math.min(maxStepDeg, errorDeg)) : state.angleDeg;

  const object = inputs.objectAngleDeg;
  const dir = p.closeDirection;
  if (object !== undefined && dir * (angleDeg - object) > 0 && dir * (angleDeg - state.angleDeg) > 0) {
    // Closing onto the object: stop at it (or stay put if already pressed past it).
    angleDeg = dir * (state.angleDeg - object) >= 0 ? state.angleDeg : object;
  }

  const remainingDeg = targetAngleDeg - angleDeg;
  const atObject = object !== undefined && dir * (angleDeg - object) >= -1e-9;
  const pushingDeg = dir * remainingDeg;
  const stalled = atObject && pushingDeg > halfDeadbandDeg;
  if (stalled) {
    const effort = Math.min(1, pushingDeg / p.fullTorqueErrorDeg);
    return {
      params: p,
      angleDeg,
      targetAngleDeg,
      moving: false,
      stalled: true,
      torqueNm: p.stallTorqueNm * voltageScale * effort,
      currentA: p.idleCurrentA + (p.stallCurrentA * voltageScale - p.idleCurrentA) * effort,
    };
  }
  const moved = angleDeg !== state.angleDeg;
  return {
    params: p,
    angleDeg,
    targetAngleDeg,
    moving: moved && remainingDeg !== 0,
    stalled: false,
    torqueNm: 0,
    currentA: moved ? p.movingCurrentA * voltageScale : p.idleCurrentA,
  };
}
