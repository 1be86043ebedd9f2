// The Espruino Pico's pins and what each can do, from its board file (PICO_R1_3.json,
// pins[].simplefunctions ADC/PWM); tests/config/pins.test.ts keeps these lists in step with it.
// Spaces around every name so one indexOf finds a whole pin name ("A1" never matches "A10").

// A use, as the schema's rule letter for it (schema.ts).
export const USE_ADC = 'a';
export const USE_PWM = 'p';

export const ADC_PINS = ' A0 A1 A2 A3 A4 A5 A6 A7 B0 B1 ';
export const PWM_PINS = ' A0 A1 A2 A3 A5 A6 A7 A8 A9 A10 A11 A15 B0 B1 B3 B4 B5 B6 B7 B8 B9 B10 B13 B14 B15 ';
// For messages: the pins a user may choose (the lists above minus the ones to avoid).
export const ADC_PINS_TEXT = 'A0-A7, B0, B1';
export const PWM_PINS_TEXT = 'A0-A3, A5-A8, A10, A15, B0, B1, B3-B5, B8-B10, B13-B15';

/** Pins that exist but must not be wired to, and why. */
export function pinToAvoid(name: string): string {
  if (name === 'B6' || name === 'B7') return 'is the console (no USB)';
  if (name === 'A9' || name === 'A11' || name === 'A12') return 'is used by USB';
  return '';
}

/** Why `name` cannot serve `use` (USE_ADC for a sensor, USE_PWM for a servo), or '' when it can. */
export function pinProblem(name: string, use: string): string {
  const avoid = pinToAvoid(name);
  if (avoid) return avoid + ', use another';
  if (use == USE_ADC) return ADC_PINS.indexOf(' ' + name + ' ') < 0 ? 'cannot read analog (ADC pins: ' + ADC_PINS_TEXT + ')' : '';
  return PWM_PINS.indexOf(' ' + name + ' ') < 0 ? 'cannot drive a servo (PWM pins: ' + PWM_PINS_TEXT + ')' : '';
}
