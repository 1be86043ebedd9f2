// Battery level from the sense pin's voltage: OK, LOW (slower motion), CRITICAL (only opening).
// Called every few hundred ms, not every tick. A level must persist before it counts, so the
// moment a servo start sags the cell does not slow the hand, and recovering needs the voltage
// clearly above the LOW threshold (hysteresis), so the level does not flicker.
//
// Only the two thresholds are configurable; the rest are fixed (plain numbers in the code, so
// the bundle carries no names for them):
// - hysteresis 0.1 V: LOW and CRITICAL clear only at lowV + 0.1 V or more. CRITICAL too: an
//   empty LiPo rises 0.1-0.2 V as soon as the servos stop drawing, which must not allow closing
//   again;
// - persistence 2 s: how long readings must ask for a new level before it counts, from the
//   first to the last of at least two (it outlasts the sag of servo starts, ~50 ms each, and
//   of a short squeeze);
// - speed while LOW or CRITICAL: half;
// - a reading outside 1..5.5 V is a sensing fault (divider unplugged), not a level.

export const BATTERY_OK = 0;
export const BATTERY_LOW = 1;
export const BATTERY_CRITICAL = 2;

export interface BatteryConfig {
  /** Under this the hand slows down (LOW). */
  lowV: number;
  /** Under this only opening is allowed (CRITICAL). */
  criticalV: number;
}

/**
 * A 1S LiPo (4.2 V full, 3.7 V nominal). Under load its voltage stays above ~3.6 V for most of
 * the charge; 3.5 V is the knee with roughly a tenth left: slow down. At 3.3 V it is nearly empty
 * and falls fast towards the protection cut-off (2.5-3.0 V): open while there is still power to
 * do it, so the hand never locks onto an object when the power dies.
 */
export const defaultBatteryConfig = (): BatteryConfig => ({ lowV: 3.5, criticalV: 3.3 });

export interface Battery {
  /** BATTERY_OK, BATTERY_LOW or BATTERY_CRITICAL. */
  level: number;
  /** Multiply motion speed by this: 1, or 0.5 when LOW or CRITICAL. */
  speedFactor: number;
  /** CRITICAL: refuse any closing; open, then release the servos. */
  openOnly: boolean;
  /** The level the readings ask for (`want`), and for how long. */
  want: number;
  pendingMs: number;
}

/**
 * (`want` and `pendingMs` start undefined: the first valid reading sets pendingMs to -1, as
 * `undefined > level` is false, and then want.)
 */
export const createBattery = () => ({ level: BATTERY_OK, speedFactor: 1, openOnly: false }) as Battery;

/**
 * Feeds one reading of the battery voltage (`dtMs` since the previous call); returns the level.
 * An invalid reading (NaN, under 1 V, over 5.5 V) changes nothing:
 * an unplugged divider, or a hand on USB without a battery, is not an empty battery.
 */
export function stepBattery(b: Battery, volts: number, dtMs: number, cfg: BatteryConfig): number {
  const lvl = b.level;
  if (!(volts >= 1 && volts <= 5.5)) return lvl;
  // Under lowV: at least LOW (CRITICAL stays); in the hysteresis band: as it is.
  const ask = volts < cfg.criticalV ? BATTERY_CRITICAL : volts < cfg.lowV ? lvl || BATTERY_LOW : volts < cfg.lowV + 0.1 ? lvl : BATTERY_OK;
  // Readings must ask for a change the same way (worse, or better) over 2 s, from the first
  // that asked to the last: two at least, however far apart they come. Worsening takes the
  // mildest level asked for meanwhile (LOW and CRITICAL readings mixed: LOW). Better is always OK.
  if (ask === lvl || ask > lvl !== b.want > lvl) b.pendingMs = -1;
  if (ask !== lvl) {
    if (b.pendingMs < 0 || ask < b.want) b.want = ask;
    if ((b.pendingMs = b.pendingMs < 0 ? 0 : b.pendingMs + dtMs) >= 2000) {
      const p = (b.level = b.want);
      b.pendingMs = -1;
      b.speedFactor = p ? 0.5 : 1;
      b.openOnly = p > BATTERY_LOW;
    }
  }
  return b.level;
}
