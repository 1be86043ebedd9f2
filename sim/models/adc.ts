// What an Espruino ADC pin reports: analogRead() gives 0..1 of the 3.3 V reference, from a
// 12-bit converter. Models produce ideal voltages; these helpers turn them into pin readings.

/** The Pico's ADC reference. */
export const ADC_REF_V = 3.3;

/** The Pico's converter resolution. */
export const ADC_BITS = 12;

/** Clamp to the ADC range 0..1 (the pin cannot read beyond its rails). */
export function clampAdc(value: number): number {
  return value < 0 ? 0 : value > 1 ? 1 : value;
}

/** A voltage on the pin as an ADC reading 0..1, clamped. */
export function voltageToAdc(voltageV: number, refV: number = ADC_REF_V): number {
  return clampAdc(voltageV / refV);
}

/** Round a 0..1 reading to the converter's steps (bits <= 0 leaves it unrounded). */
export function quantiseAdc(value: number, bits: number = ADC_BITS): number {
  if (bits <= 0) return clampAdc(value);
  const steps = 2 ** bits - 1;
  return Math.round(clampAdc(value) * steps) / steps;
}
