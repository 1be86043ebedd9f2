// The bundle on Espruino's own interpreter (a Linux build named by ESPRUINO_BIN). The Linux build
// has no ADC, servos or Pico pins, so LINUX_PRELUDE stands in for exactly those; everything else
// is the real interpreter: parsing, no hoisting, missing built-ins, timers, E.sum, Storage.
import * as os from 'os';
import * as path from 'path';
import { buildFirmware } from '../../tools/build/build';
import { DONE, LINUX_PRELUDE, espruinoBin, runEspruino } from '../../tools/bench/espruino-interpreter';
import { defaultConfig } from '../../firmware/config/defaults';

const bin = espruinoBin();
if (!bin) {
  console.warn('SKIPPED: the bundle was not run on the real Espruino interpreter: set ESPRUINO_BIN to an Espruino 2v29 Linux build to run tests/real-espruino.');
}
const maybe = bin ? describe : describe.skip;

maybe('dist/firmware.js on the real Espruino interpreter', () => {
  let bundle = '';
  beforeAll(async () => {
    bundle = (await buildFirmware({ outFile: path.join(os.tmpdir(), `grasp-real-${process.pid}.js`), quiet: true })).source;
  });

  test('saved to flash, it boots without an error, rests still, then closes on a flexor burst with pulses inside the range', async () => {
    const { output: out } = await runEspruino(
      bin!,
      `${LINUX_PRELUDE}\n${bundle}\n` +
        'setTimeout(function(){print("REST "+JSON.stringify(hand.status()));__setEmg(0,0.5);},1600);' +
        `setTimeout(function(){print("BURST "+JSON.stringify(hand.status()));print("PWM "+JSON.stringify(__pwm));print("${DONE}");},3200);\n`,
      { saveToFlash: true, timeoutMs: 30000 },
    );
    // (The Linux build has no ADC: hand.status() reading the battery prints an analog error.)
    expect(out.replace(/ERROR: Analog is not supported on this device\.\n?/g, '')).not.toMatch(/Uncaught|ERROR|OUT OF MEMORY/);
    const rest = JSON.parse(out.match(/REST (.*)/)![1]);
    expect(rest.state).toBe('ready');
    expect(rest.fingers).toEqual({ thumb: 0, index: 0, middle: 0, ring: 0, little: 0 });
    const burst = JSON.parse(out.match(/BURST (.*)/)![1]);
    expect(['moving', 'holding']).toContain(burst.state);
    expect(burst.fingers.thumb).toBeGreaterThan(0.9);
    // (Pins the Linux build does not have all print alike, so this holds the last duty written.)
    const duties: number[] = Object.values(JSON.parse(out.match(/PWM (.*)/)![1]));
    expect(duties.length).toBeGreaterThan(0);
    for (const d of duties) {
      expect(d * 20000).toBeGreaterThanOrEqual(1000);
      expect(d * 20000).toBeLessThanOrEqual(2000);
    }
  });

  test("hand.config() gives the document's key names (the bundle shortens them inside), takes a changed one back, and restarts on it", async () => {
    const doc = defaultConfig();
    doc.control.onLevel = 0.25;
    doc.flex = { straight: [0.35, 0.35, 0.35, 0.35, 0.35], bent: [0.68, 0.68, 0.68, 0.68, 0.68] };
    const { output: out } = await runEspruino(
      bin!,
      // (The script is saved with the bundle and hand.config(doc) restarts it: a file in Storage
      // tells the second run from the first.)
      `${LINUX_PRELUDE}\n${bundle}\n` +
        'setTimeout(function(){var S=require("Storage");if(!S.read("second")){S.write("second","1");' +
        'print("CFG "+JSON.stringify(hand.config()));print("SET "+hand.config(' +
        JSON.stringify(doc) +
        '));}else{print("NOW "+JSON.stringify(hand.config()));' +
        `print("${DONE}");}},1600);\n`,
      { saveToFlash: true, timeoutMs: 30000 },
    );
    expect(JSON.parse(out.match(/CFG (.*)/)![1])).toEqual(defaultConfig());
    expect(out).toContain('SET true');
    expect(JSON.parse(out.match(/NOW (.*)/)![1])).toEqual(doc);
  });
});
