import * as fs from 'fs';
import * as path from 'path';
import { ADC_PINS, PWM_PINS, ADC_PINS_TEXT, PWM_PINS_TEXT, pinToAvoid } from '../../firmware/config/pins';

const BOARD_FILE = path.resolve(__dirname, '..', '..', '..', 'shared', 'espruino', 'PICO_R1_3.json');

function names(list: string): string[] {
  return list.trim().split(/\s+/);
}

/** "A0-A3, B1" -> A0 A1 A2 A3 B1 */
function expand(text: string): string[] {
  const out: string[] = [];
  for (const part of text.split(', ')) {
    const m = /^([A-Z])(\d+)(?:-[A-Z](\d+))?$/.exec(part)!;
    for (let n = +m[2]; n <= +(m[3] ?? m[2]); n++) out.push(m[1] + n);
  }
  return out;
}

describe('Pico pin table', () => {
  const board = fs.existsSync(BOARD_FILE) ? JSON.parse(fs.readFileSync(BOARD_FILE, 'utf8')) : null;
  if (!board) {
    // eslint-disable-next-line no-console
    console.log(`skipped the pin-table check against the board file: ${BOARD_FILE} is absent`);
    test.skip('agrees with PICO_R1_3.json', () => {});
  } else {
    test('ADC and PWM lists agree with PICO_R1_3.json pins[].simplefunctions', () => {
      const adc = board.pins.filter((p: any) => p.simplefunctions && p.simplefunctions.ADC).map((p: any) => p.name);
      const pwm = board.pins.filter((p: any) => p.simplefunctions && p.simplefunctions.PWM).map((p: any) => p.name);
      expect(names(ADC_PINS).sort()).toEqual(adc.sort());
      expect(names(PWM_PINS).sort()).toEqual(pwm.sort());
    });
    test('the pins to avoid are the console and USB pins of the board file', () => {
      expect(pinToAvoid(board.info.default_console_tx)).not.toBe('');
      expect(pinToAvoid(board.info.default_console_rx)).not.toBe('');
      for (const p of ['pin_vsense', 'pin_dm', 'pin_dp']) expect(pinToAvoid(board.devices.USB[p])).not.toBe('');
    });
  }

  test('the lists in messages are the usable pins: the tables minus the ones to avoid', () => {
    expect(expand(ADC_PINS_TEXT)).toEqual(names(ADC_PINS).filter((p) => !pinToAvoid(p)));
    expect(expand(PWM_PINS_TEXT)).toEqual(names(PWM_PINS).filter((p) => !pinToAvoid(p)));
  });
});
