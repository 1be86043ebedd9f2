// Battery level from the sense pin's voltage: OK, LOW (slower motion), CRITICAL (only opening).
// Called every few hundred ms, not every tick. A level must persist before it counts, so the
// moment a servo start sags the cell does not slow the hand, and recovering needs the voltage
// clearly above the LOW threshold (hysteresis), so the level does not flicker.

export const BATTERY_OK = 0;
export const BATTERY_LOW = 1;
export const BATTERY_CRITICAL = 2;

export interface BatteryConfig {
  /** Under this the hand slows down (LOW). */
  lowV: number;
  /** Under this only opening is allowed (CRITICAL). */
  criticalV: number;
  /**
   * LOW and CRITICAL clear only at lowV + hysteresisV or more. CRITICAL too: an empty LiPo
   * rises 0.1-0.2 V as soon as the servos stop drawing, which must not allow closing again.
   */
  hysteresisV: number;
  /** How long readings must ask for a new level before it counts (servo starts sag the cell briefly). */
  persistMs: number;
  /** Speed while LOW or CRITICAL, a fraction of full speed. */
  lowSpeedFraction: number;
  /** A reading outside minValidV..maxValidV is a sensing fault (divider unplugged), not a level. */
  minValidV: number;
  maxValidV: number;
}

/**
 * A 1S LiPo (4.2 V full, 3.7 V nominal). Under load its voltage stays above ~3.6 V for most of
 * the charge; 3.5 V is the knee with roughly a tenth left: slow down. At 3.3 V it is nearly empty
 * and falls fast towards the protection cut-off (2.5-3.0 V): open while there is still power to
 * do it, so the hand never locks onto an object when the power dies. 2 s outlasts the sag of
 * servo starts (~50 ms each) and of a short squeeze.
 */
export function defaultBatteryConfig(): BatteryConfig {
  return { lowV: 3.5, criticalV: 3.3, hysteresisV: 0.1, persistMs: 2000, lowSpeedFraction: 0.5, minValidV: 1, maxValidV: 5.5 };
}

export interface Battery {
  /** BATTERY_OK, BATTERY_LOW or BATTERY_CRITICAL. */
  level: number;
  /** The last valid reading (NaN before the first). */
  volts: number;
  /** The last reading was outside the valid range (report `batterySenseInvalid`); the level is kept. */
  senseInvalid: boolean;
  /** Multiply motion speed by this: 1, or lowSpeedFraction when LOW or CRITICAL. */
  speedFactor: number;
  /** CRITICAL: refuse any closing; open, then release the servos. */
  openOnly: boolean;
  /** The level the readings ask for, and for how long. */
  pending: number;
  pendingMs: number;
}

export function createBattery(): Battery {
  return { level: BATTERY_OK, volts: NaN, senseInvalid: false, speedFactor: 1, openOnly: false, pending: 0, pendingMs: 0 };
}

function setLevel(b: Battery, level: number, cfg: BatteryConfig): void {
  b.level = level;
  b.pendingMs = 0;
  b.speedFactor = level ? cfg.lowSpeedFraction : 1;
  b.openOnly = level === BATTERY_CRITICAL;
}

/**
 * Feeds one reading of the battery voltage (`dtMs` since the previous call); returns the level.
 * An invalid reading (NaN, under minValidV, over maxValidV) sets senseInvalid and changes nothing
 * else: an unplugged divider, or a hand on USB without a battery, is not an empty battery.
 */
export function stepBattery(b: Battery, volts: number, dtMs: number, cfg: BatteryConfig): number {
  if (!(volts >= cfg.minValidV && volts <= cfg.maxValidV)) {
    b.senseInvalid = true;
    return b.level;
  }
  b.senseInvalid = false;
  b.volts = volts;
  const lvl = b.level;
  const want =
    volts < cfg.criticalV ? BATTERY_CRITICAL : volts < cfg.lowV ? (lvl > BATTERY_LOW ? lvl : BATTERY_LOW) : volts < cfg.lowV + cfg.hysteresisV ? lvl : BATTERY_OK;
  if (want === lvl) b.pendingMs = 0;
  else {
    // Readings must ask for a change the same way (worse, or better) for persistMs; worsening
    // takes the mildest level asked for meanwhile (LOW and CRITICAL readings mixed: LOW).
    if (!b.pendingMs || want > lvl !== b.pending > lvl) {
      b.pending = want;
      b.pendingMs = 0;
    } else if (want < b.pending) b.pending = want;
    if ((b.pendingMs += dtMs) >= cfg.persistMs) setLevel(b, b.pending, cfg);
  }
  return b.level;
}
