/* Generated from /work/shared/espruino/PICO_R1_3.json (Espruino board file for the Pico R1.3).
 * `adc`: ADC channel (analogRead allowed); `pwm`: the timer channel Espruino picks for analogWrite
 * (first timer function after build_pininfo.py's sort: least-used function first, then AF number). */
export interface PinInfo { name: string; port: string; num: number; adc: string | null; pwm: string | null; }
export const PICO_PINS: readonly PinInfo[] = [
  { name: "A0", port: "A", num: 0, adc: "ADC1_IN0", pwm: "TIM5_CH1" },
  { name: "A1", port: "A", num: 1, adc: "ADC1_IN1", pwm: "TIM5_CH2" },
  { name: "A2", port: "A", num: 2, adc: "ADC1_IN2", pwm: "TIM5_CH3" },
  { name: "A3", port: "A", num: 3, adc: "ADC1_IN3", pwm: "TIM2_CH4" },
  { name: "A4", port: "A", num: 4, adc: "ADC1_IN4", pwm: null },
  { name: "A5", port: "A", num: 5, adc: "ADC1_IN5", pwm: "TIM2_CH1" },
  { name: "A6", port: "A", num: 6, adc: "ADC1_IN6", pwm: "TIM3_CH1" },
  { name: "A7", port: "A", num: 7, adc: "ADC1_IN7", pwm: "TIM1_CH1N" },
  { name: "A8", port: "A", num: 8, adc: null, pwm: "TIM1_CH1" },
  { name: "A9", port: "A", num: 9, adc: null, pwm: "TIM1_CH2" },
  { name: "A10", port: "A", num: 10, adc: null, pwm: "TIM1_CH3" },
  { name: "A11", port: "A", num: 11, adc: null, pwm: "TIM1_CH4" },
  { name: "A12", port: "A", num: 12, adc: null, pwm: null },
  { name: "A13", port: "A", num: 13, adc: null, pwm: null },
  { name: "A14", port: "A", num: 14, adc: null, pwm: null },
  { name: "A15", port: "A", num: 15, adc: null, pwm: "TIM2_CH1" },
  { name: "B0", port: "B", num: 0, adc: "ADC1_IN8", pwm: "TIM3_CH3" },
  { name: "B1", port: "B", num: 1, adc: "ADC1_IN9", pwm: "TIM3_CH4" },
  { name: "B2", port: "B", num: 2, adc: null, pwm: null },
  { name: "B3", port: "B", num: 3, adc: null, pwm: "TIM2_CH2" },
  { name: "B4", port: "B", num: 4, adc: null, pwm: "TIM3_CH1" },
  { name: "B5", port: "B", num: 5, adc: null, pwm: "TIM3_CH2" },
  { name: "B6", port: "B", num: 6, adc: null, pwm: "TIM4_CH1" },
  { name: "B7", port: "B", num: 7, adc: null, pwm: "TIM4_CH2" },
  { name: "B8", port: "B", num: 8, adc: null, pwm: "TIM4_CH3" },
  { name: "B9", port: "B", num: 9, adc: null, pwm: "TIM4_CH4" },
  { name: "B10", port: "B", num: 10, adc: null, pwm: "TIM2_CH3" },
  { name: "B12", port: "B", num: 12, adc: null, pwm: null },
  { name: "B13", port: "B", num: 13, adc: null, pwm: "TIM1_CH1N" },
  { name: "B14", port: "B", num: 14, adc: null, pwm: "TIM1_CH2N" },
  { name: "B15", port: "B", num: 15, adc: null, pwm: "TIM1_CH3N" },
  { name: "C13", port: "C", num: 13, adc: null, pwm: null },
  { name: "C14", port: "C", num: 14, adc: null, pwm: null },
  { name: "C15", port: "C", num: 15, adc: null, pwm: null },
  { name: "H0", port: "H", num: 0, adc: null, pwm: null },
  { name: "H1", port: "H", num: 1, adc: null, pwm: null },
];
export const PICO_DEVICES = { LED1: "B2", LED2: "B12", BTN1: "C13" } as const;
export const PICO_VARIABLES = 5100;
export const PICO_FLASH_PAGE_SIZE = 16384;
export const PICO_FLASH_PAGES = 3;
