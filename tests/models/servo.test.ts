import {
  SERVO_DATASHEETS,
  ServoInputs,
  ServoModelName,
  ServoState,
  angleToPulseUs,
  createServo,
  pulseToAngleDeg,
  servoParams,
  stepServo,
} from '../../sim/models';

const DT_S = 0.001;

/** Steps until `done` or `maxS`; returns the state and the elapsed time. */
function runUntil(state: ServoState, inputs: ServoInputs, done: (s: ServoState) => boolean, maxS = 5) {
  let tS = 0;
  while (!done(state) && tS < maxS) {
    state = stepServo(state, inputs, DT_S);
    tS += DT_S;
  }
  return { state, tS };
}

function hold(state: ServoState, inputs: ServoInputs, seconds: number): ServoState {
  for (let k = 0; k < Math.round(seconds / DT_S); k++) state = stepServo(state, inputs, DT_S);
  return state;
}

describe('servo pulse mapping', () => {
  it('maps the datasheet pulse range onto 0..180 deg, clamped', () => {
    const sg90 = SERVO_DATASHEETS.SG90;
    expect(pulseToAngleDeg(500, sg90)).toBe(0);
    expect(pulseToAngleDeg(2400, sg90)).toBe(180);
    expect(pulseToAngleDeg(1450, sg90)).toBeCloseTo(90, 9);
    expect(pulseToAngleDeg(100, sg90)).toBe(0);
    expect(pulseToAngleDeg(3000, sg90)).toBe(180);
    expect(pulseToAngleDeg(2500, SERVO_DATASHEETS.MG996R)).toBe(180);
    expect(angleToPulseUs(pulseToAngleDeg(1234, sg90), sg90)).toBeCloseTo(1234, 9);
  });
});

describe('servo speed against the datasheet', () => {
  const cases: [ServoModelName, number, number][] = [
    ['SG90', 4.8, 0.1],
    ['MG90S', 4.8, 0.1],
    ['MG90S', 6.0, 0.08], // datasheet figure at 6 V
    ['MG996R', 4.8, 0.17],
    ['MG996R', 6.0, 0.14], // datasheet figure at 6 V
  ];
  it.each(cases)('%s at %d V covers 60 deg in %d s (within 5%%)', (model, supplyV, datasheetS) => {
    const params = servoParams(model, { initialAngleDeg: 30 });
    const pulseUs = angleToPulseUs(90, params);
    const { state, tS } = runUntil(createServo(params), { pulseUs, supplyV }, (s) => s.angleDeg >= 90 - 1e-9);
    expect(state.angleDeg).toBeCloseTo(90, 9);
    expect(Math.abs(tS / datasheetS - 1)).toBeLessThan(0.05);
  });

  it('slows down on a sagging supply (speed proportional to voltage)', () => {
    const params = servoParams('SG90');
    const inputs = { pulseUs: angleToPulseUs(60, params), supplyV: 3.6 };
    const { tS } = runUntil(createServo(params), inputs, (s) => s.angleDeg >= 60 - 1e-9);
    expect(tS).toBeCloseTo(0.1 * (4.8 / 3.6), 2);
  });
});

describe('servo without pulses', () => {
  it('does not move, holds no torque and draws no current', () => {
    const params = servoParams('MG996R', { initialAngleDeg: 45 });
    const state = hold(createServo(params), { pulseUs: undefined, supplyV: 6 }, 1);
    expect(state.angleDeg).toBe(45);
    expect(state.currentA).toBe(0);
    expect(state.torqueNm).toBe(0);
    expect(state.moving).toBe(false);
  });

  it('stops where it is when pulses stop mid-move', () => {
    const params = servoParams('SG90');
    let state = hold(createServo(params), { pulseUs: 2400, supplyV: 4.8 }, 0.05);
    const midwayDeg = state.angleDeg;
    expect(midwayDeg).toBeGreaterThan(20);
    expect(midwayDeg).toBeLessThan(40);
    state = hold(state, { pulseUs: undefined, supplyV: 4.8 }, 1);
    expect(state.angleDeg).toBe(midwayDeg);
    expect(state.targetAngleDeg).toBeUndefined();
    expect(state.currentA).toBe(0);
  });
});

describe('servo currents', () => {
  it('draws moving current while slewing and idle current when holding with pulses', () => {
    const params = servoParams('SG90');
    let state = hold(createServo(params), { pulseUs: 1450, supplyV: 4.8 }, 0.05);
    expect(state.moving).toBe(true);
    expect(state.currentA).toBeCloseTo(SERVO_DATASHEETS.SG90.movingCurrentA, 9);
    state = hold(state, { pulseUs: 1450, supplyV: 4.8 }, 0.5);
    expect(state.moving).toBe(false);
    expect(state.angleDeg).toBeCloseTo(90, 9);
    expect(state.currentA).toBeCloseTo(SERVO_DATASHEETS.SG90.idleCurrentA, 9);
  });

  it('ignores a pulse change inside the dead band', () => {
    const params = servoParams('SG90', { initialAngleDeg: 90 });
    const state = hold(createServo(params), { pulseUs: 1450 + 4, supplyV: 4.8 }, 0.1);
    expect(state.angleDeg).toBe(90);
    const moved = hold(createServo(params), { pulseUs: 1450 + 20, supplyV: 4.8 }, 0.1);
    expect(moved.angleDeg).toBeCloseTo(pulseToAngleDeg(1470, params), 9);
  });
});

describe('servo against an object', () => {
  it('stops at the object, reports stalled and draws stall current with stall torque', () => {
    const params = servoParams('MG996R');
    const inputs = { pulseUs: 2500, supplyV: 4.8, objectAngleDeg: 90 };
    const state = hold(createServo(params), inputs, 1);
    expect(state.angleDeg).toBe(90);
    expect(state.stalled).toBe(true);
    expect(state.currentA).toBeCloseTo(SERVO_DATASHEETS.MG996R.stallCurrentA, 9);
    expect(state.torqueNm).toBeCloseTo(SERVO_DATASHEETS.MG996R.stallTorqueNm, 9);
  });

  it('pushes gently when commanded just past the object', () => {
    const params = servoParams('SG90');
    const pulseUs = angleToPulseUs(91, params); // 1 deg past, 1/3 of fullTorqueErrorDeg
    const state = hold(createServo(params), { pulseUs, supplyV: 4.8, objectAngleDeg: 90 }, 1);
    expect(state.stalled).toBe(true);
    expect(state.currentA).toBeGreaterThan(SERVO_DATASHEETS.SG90.idleCurrentA);
    expect(state.currentA).toBeLessThan(SERVO_DATASHEETS.SG90.stallCurrentA * 0.5);
  });

  it('opens away from the object freely, and stops pushing', () => {
    const params = servoParams('SG90');
    let state = hold(createServo(params), { pulseUs: 2400, supplyV: 4.8, objectAngleDeg: 90 }, 1);
    state = hold(state, { pulseUs: angleToPulseUs(30, params), supplyV: 4.8, objectAngleDeg: 90 }, 1);
    expect(state.angleDeg).toBeCloseTo(30, 9);
    expect(state.stalled).toBe(false);
    expect(state.currentA).toBeCloseTo(SERVO_DATASHEETS.SG90.idleCurrentA, 9);
  });

  it('releasing the pulses while stalled drops the current to zero', () => {
    const params = servoParams('SG90');
    let state = hold(createServo(params), { pulseUs: 2400, supplyV: 4.8, objectAngleDeg: 90 }, 1);
    state = stepServo(state, { pulseUs: undefined, supplyV: 4.8, objectAngleDeg: 90 }, DT_S);
    expect(state.stalled).toBe(false);
    expect(state.currentA).toBe(0);
  });

  it('works with fingers that close toward smaller angles', () => {
    const params = servoParams('SG90', { closeDirection: -1, initialAngleDeg: 180 });
    const state = hold(createServo(params), { pulseUs: 500, supplyV: 4.8, objectAngleDeg: 100 }, 2);
    expect(state.angleDeg).toBe(100);
    expect(state.stalled).toBe(true);
    const free = hold(createServo(params), { pulseUs: 500, supplyV: 4.8 }, 2);
    expect(free.angleDeg).toBe(0);
  });
});
