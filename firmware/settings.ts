// The running hand's configuration and the flash: saving it, taking a finished calibration, a
// whole new document from the console, and the factory reset. The console API and the shell
// (for the core's calibration result and reset gesture) call these; none of it runs per tick.

import { Hand, FAULT_CONFIG } from './core/hand';
import { setChannelRange } from './core/signal';
import { CalibrationResult } from './core/calibrate';
import { Config } from './config/types';
import { StoredConfig, saveConfig, eraseConfig } from './config/store';
import { checkConfig, validateConfig } from './config/validate';
import { inward, outward } from './config/names';
import { Board } from '../hal/types';
import { toJson } from './core/natives';

export function createSettings(hand: Hand, board: Board, stored: StoredConfig) {
  const print = board.out.print;
  const kick = board.watchdog.kick;

  /** Prints a headline and each problem on its own line; returns false for `return tell(...)`. */
  function tell(headline: string, problems: string[]): boolean {
    print('hand: ' + headline);
    for (let i = 0; i < problems.length; i++) print('  ' + problems[i]);
    return false;
  }
  const notSaved = (problems: string[]) => tell('not saved; the old configuration stays:', problems);

  function save(cfg: Config): boolean {
    let problems: string[];
    // Storage may compact the flash, which can outlast the watchdog: start it from full.
    kick();
    try {
      problems = saveConfig(board.store, stored, cfg);
    } catch (e) {
      problems = ['' + e];
    }
    kick();
    if (problems.length) return notSaved(problems);
    // The user now has a configuration of their own in flash: the unusable one is gone.
    hand.faults &= ~FAULT_CONFIG;
    print('hand: saved');
    return true;
  }

  return {
    save: () => save(hand.cfg),

    /** A copy of the running configuration, as a document: editing it changes nothing until given back. */
    copy: (): Config => outward(hand.cfg),

    /** Runs and saves a calibration the core accepted; a configuration it would break is refused. */
    calibrated(cfg: CalibrationResult): void {
      const problems = validateConfig(outward(cfg));
      if (problems.length) {
        tell('calibration not used:', problems);
        return;
      }
      hand.cfg = cfg;
      for (let i = 0; i < hand.channels.length; i++) {
        const ch = hand.channels[i];
        const site = cfg.emg[i];
        ch.envelope = site.restLevel;
        setChannelRange(ch, site.restLevel, site.maxLevel, cfg);
      }
      if (!save(cfg)) print('hand: calibration not saved; hand.save() retries');
    },

    /**
     * A whole document of this version (the desktop migrates older ones), checked as it is
     * (before inward(), which would take a stray key spelled like a shortened name for that
     * key), saved, then the hand restarts on it.
     */
    replace(doc: any): boolean {
      let d: any = null;
      try {
        d = JSON.parse(toJson(doc));
      } catch (e) {}
      const problems = checkConfig(d);
      if (problems.length) return notSaved(problems);
      if (!save(inward(d))) return false;
      board.restart();
      return true;
    },

    /** Factory reset: erases the stored configuration and restarts on the defaults. */
    reset(): void {
      kick();
      try {
        eraseConfig(board.store, stored);
      } catch (e) {
        tell('factory reset failed:', ['' + e]);
        return;
      }
      print('hand: factory reset, restarting');
      board.restart();
    },
  };
}

export type Settings = ReturnType<typeof createSettings>;
