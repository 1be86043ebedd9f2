// Hobby servo figures, all referred to 4.8 V (the servo model scales speed and currents in
// proportion to the supply voltage, as a DC motor's speed and stall current both follow it).
// Speeds and torques are the makers' datasheet figures; currents the datasheets do not give are
// typical bench measurements of these servos and marked so.

export interface ServoDatasheet {
  name: string;
  /** Pulse widths at the two ends of travel, and the travel between them. */
  minPulseUs: number;
  maxPulseUs: number;
  travelDeg: number;
  /** No-load time for 60 degrees at ratedVoltageV. */
  secondsPer60Deg: number;
  ratedVoltageV: number;
  stallTorqueNm: number;
  stallCurrentA: number;
  /** Powered, pulses arriving, holding position without load. */
  idleCurrentA: number;
  /** Moving without load. */
  movingCurrentA: number;
  /** Pulse changes smaller than this do not move the servo. */
  deadbandUs: number;
}

const KGF_CM_TO_NM = 0.0980665;

export const SERVO_DATASHEETS = {
  // Tower Pro SG90: 0.1 s/60 deg and 1.8 kgf.cm at 4.8 V, dead band 10 us. Currents not in the
  // datasheet: ~0.65 A stall, ~0.2 A moving, ~10 mA idle are typical measurements.
  SG90: {
    name: 'SG90',
    minPulseUs: 500,
    maxPulseUs: 2400,
    travelDeg: 180,
    secondsPer60Deg: 0.1,
    ratedVoltageV: 4.8,
    stallTorqueNm: 1.8 * KGF_CM_TO_NM,
    stallCurrentA: 0.65,
    idleCurrentA: 0.01,
    movingCurrentA: 0.2,
    deadbandUs: 10,
  },
  // Tower Pro MG90S: 0.1 s/60 deg and 1.8 kgf.cm at 4.8 V (0.08 s, 2.2 kgf.cm at 6 V), dead band
  // 5 us. Currents typical measurements: ~0.7 A stall, ~0.25 A moving, ~10 mA idle.
  MG90S: {
    name: 'MG90S',
    minPulseUs: 500,
    maxPulseUs: 2400,
    travelDeg: 180,
    secondsPer60Deg: 0.1,
    ratedVoltageV: 4.8,
    stallTorqueNm: 1.8 * KGF_CM_TO_NM,
    stallCurrentA: 0.7,
    idleCurrentA: 0.01,
    movingCurrentA: 0.25,
    deadbandUs: 5,
  },
  // Tower Pro MG996R: 0.17 s/60 deg and 9.4 kgf.cm at 4.8 V; datasheet currents at 6 V
  // (stall 2.5 A, running 500-900 mA, idle 10 mA) scaled to 4.8 V: 2.0 A, 0.4 A, 8 mA.
  // Dead band 5 us.
  MG996R: {
    name: 'MG996R',
    minPulseUs: 500,
    maxPulseUs: 2500,
    travelDeg: 180,
    secondsPer60Deg: 0.17,
    ratedVoltageV: 4.8,
    stallTorqueNm: 9.4 * KGF_CM_TO_NM,
    stallCurrentA: 2.0,
    idleCurrentA: 0.008,
    movingCurrentA: 0.4,
    deadbandUs: 5,
  },
} as const satisfies Record<string, ServoDatasheet>;

export type ServoModelName = keyof typeof SERVO_DATASHEETS;
