// The wiring diagram is generated from the configuration, and the committed copy (docs/wiring.svg,
// shown in the README) is the one the default configuration gives.
import * as fs from 'fs';
import { defaultConfig } from '../../firmware/config/defaults';
import { defaultWiringSvg, WIRING_FILE } from '../../sim/wiring/cli';
import { dividerResistors, wiringSvg } from '../../sim/wiring/wiring';

describe('wiring diagram', () => {
  test('docs/wiring.svg is up to date with firmware/config/defaults.ts (else: npm run wiring)', () => {
    expect(fs.existsSync(WIRING_FILE)).toBe(true);
    expect(fs.readFileSync(WIRING_FILE, 'utf8')).toBe(defaultWiringSvg());
  });

  test('shows every configured pin with what is wired to it', () => {
    const cfg = defaultConfig();
    const svg = wiringSvg(cfg);
    for (const site of cfg.emg) expect(svg).toContain(`>${site.pin}</text>`);
    for (const pin of cfg.flexPins) expect(svg).toContain(`>${pin}</text>`);
    for (const f of cfg.fingers) {
      expect(svg).toContain(`>${f.pin}</text>`);
      expect(svg).toContain(`servo ${f.name} on pin ${f.pin}`);
    }
    expect(svg).toContain(`>${cfg.battery.pin}</text>`);
    expect(svg).toContain(`divider ratio ${cfg.battery.dividerRatio}`);
    for (const pad of ['BAT', 'GND', '3.3V']) expect(svg).toContain(`>${pad}</text>`);
    expect(svg).toMatch(/^<svg [^>]*role="img"/);
  });

  test('follows the configuration: pins, names, pulse ends and the divider', () => {
    const cfg = defaultConfig();
    cfg.emg[0].pin = 'A7';
    cfg.fingers[1] = { ...cfg.fingers[1], name: 'pointer', pin: 'B10', inverted: true };
    cfg.battery = { ...cfg.battery, pin: 'B0', dividerRatio: 0.25 };
    const svg = wiringSvg(cfg);
    expect(svg).toContain('EMG close (flexor) to pin A7');
    expect(svg).toContain('servo pointer on pin B10');
    expect(svg).toContain('open 2000 µs · closed 1000 µs');
    expect(svg).toContain('battery divider, ratio 0.25, to pin B0');
    expect(svg).toContain('300 kΩ');
    expect(svg).not.toBe(wiringSvg(defaultConfig()));
    expect(dividerResistors(0.5)).toEqual({ topKOhm: 100, bottomKOhm: 100 });
  });
});
