// Stall detection in the hand simulation, on the built bundle (issue #8): the flex sensors sit on
// the fingers, the user calibrates them at the console (hand.flex), and a cup in the hand stops
// the fingers. Without feedback the servos push against it with their stall current for as long
// as the hand holds; with it the grip backs off to a light hold.
import { createHandSim, HandSim } from '../../sim/engine';
import { bundle } from './helpers';

let firmware: string;
beforeAll(async () => {
  firmware = await bundle();
});

const totalA = (sim: HandSim) => sim.snapshot().servoCurrentA.reduce((a, b) => a + b, 0);

/** A hand whose flex sensors were calibrated the way the README says, saved, and restarted. */
function calibratedHand(): HandSim {
  const sim = createHandSim({ firmware, seed: 11, statusIntervalMs: 100 });
  sim.step(1500);
  expect(sim.console('hand.flex("straight")').error).toBeUndefined();
  sim.console('hand.close()');
  sim.step(1500);
  sim.console('hand.flex("bent")');
  sim.console('hand.open()');
  sim.step(1500);
  expect(sim.console('hand.save()').result).toBe(true);
  return sim;
}

/** Closes the hand with the flexor on a cup that stops every finger half-way, then relaxes. */
function gripCup(sim: HandSim) {
  sim.placeObject({ shape: 'custom', fingers: [0.45, 0.5, 0.5, 0.5, 0.5] });
  sim.setEffort('flexor', 0.7, 0.1);
  sim.step(1500);
  sim.setEffort('flexor', 0);
  sim.step(500);
}

test('a cup in the hand: with flex feedback the grip backs off to a light hold within 5 s, and the servos draw under half the stall current', () => {
  const sim = calibratedHand();
  gripCup(sim);
  const stalled = totalA(sim);
  expect(stalled).toBeGreaterThan(1);
  // (Two checks stallMs apart; every 2 s while the hand holds still.)
  sim.step(5000);
  const s = sim.snapshot();
  expect(s.status?.state).toBe('holding');
  // Still touching the cup (its fingers at the cup), no longer pushing through it.
  expect(Math.max(...s.flexion.slice(1))).toBeGreaterThan(0.45);
  // A hobby servo pushes in proportion to how far past where it stands it is held: at most one
  // step of the grip's curve past the cup.
  expect(totalA(sim)).toBeLessThan(stalled / 2);
  expect(sim.console('JSON.stringify(hand.faultLog().map(function(e){return e.code;}))').result).toContain('fingerStalled');
  // The cup taken away and the hand reopened: it closes all the way again.
  sim.placeObject(null);
  sim.setEffort('extensor', 0.7, 0.1);
  sim.step(1500);
  sim.setEffort('extensor', 0);
  sim.setEffort('flexor', 0.7, 0.1);
  sim.step(2000);
  expect(sim.snapshot().flexion.every((f) => f > 0.95)).toBe(true);
});

test('the same cup without a flex calibration: the servos keep pushing (what the feedback is for)', () => {
  const sim = createHandSim({ firmware, seed: 11, statusIntervalMs: 100 });
  sim.step(1500);
  gripCup(sim);
  const stalled = totalA(sim);
  expect(stalled).toBeGreaterThan(1);
  sim.step(4000);
  expect(totalA(sim)).toBeGreaterThan(stalled * 0.8);
});
