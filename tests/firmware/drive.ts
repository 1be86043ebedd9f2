// Test helpers: run the control core tick by tick with chosen EMG levels.
import { defaultConfig } from '../../firmware/config/defaults';
import { Config } from '../../firmware/config/types';
import { Hand, HandInputs, createHand, createInputs, tickHand } from '../../firmware/core/hand';

export function makeHand(edit?: (c: Config) => void): { hand: Hand; inputs: HandInputs; cfg: Config } {
  const cfg = defaultConfig();
  if (edit) edit(cfg);
  return { hand: createHand(cfg), inputs: createInputs(cfg), cfg };
}

/** Runs `ms` of ticks with the given block levels (the block mean equals the level, as for an envelope sensor). */
export function run(h: { hand: Hand; inputs: HandInputs }, ms: number, levels: number[], presses = 0): void {
  const dt = h.hand.cfg.tickMs;
  for (let t = 0; t < ms; t += dt) {
    for (let i = 0; i < levels.length; i++) {
      h.inputs.level[i] = levels[i];
      h.inputs.mean[i] = levels[i];
    }
    h.inputs.buttonPresses = t === 0 ? presses : 0;
    h.inputs.elapsedMs = dt;
    tickHand(h.hand, h.inputs, dt);
  }
}

/** Level for an effort (0..1 of the user's range) with the default calibration. */
export function levelFor(effort: number, cfg: Config, site = 0): number {
  const e = cfg.emg[site];
  return e.restLevel + effort * (e.maxLevel - e.restLevel);
}

export const REST = 0.03;
