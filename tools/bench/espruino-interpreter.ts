// Runs JavaScript on Espruino's own interpreter, built for Linux outside this repository and
// named by ESPRUINO_BIN (nothing here builds it). Used by the benchmarks and by the one test
// that checks the bundle on the real interpreter.

import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export function espruinoBin(): string | null {
  const bin = process.env.ESPRUINO_BIN;
  return bin && fs.existsSync(bin) ? bin : null;
}

export function hasValgrind(): boolean {
  return spawnSync('valgrind', ['--version']).status === 0;
}

/**
 * The Linux build has no Pico pins, no ADC and a Waveform whose timer never runs. This prelude
 * stands in for exactly those, in plain Espruino JS: LED1/LED2/BTN become spare pins; a
 * Waveform's ring holds the level set by `__setEmg(site, level)`; analogWrite records servo
 * duties in `__pwm`; analogRead (battery, flex) reads 0.6, a healthy 4 V cell; E.kickWatchdog counts control ticks in `__ticks` and calls `__onTick(ticks)`
 * when a stimulus sets it (so a stimulus follows the firmware's ticks, not the wall clock, which
 * valgrind slows down). Everything else (timers,
 * E.sum, E.variance, Storage, the interpreter itself) is the real thing.
 */
export const LINUX_PRELUDE = `
global.LED1=D1;global.LED2=D2;global.BTN=D3;
var __waves=[],__emgLevel=[0.03,0.03],__pwm={},__ticks=0,__onTick=0;
global.Waveform=function(n){this.buffer=new Uint16Array(n);this.running=false;this.site=__waves.length;__waves.push(this);};
Waveform.prototype.startInput=function(){this.running=true;this.buffer.fill(__emgLevel[this.site]*65535);};
function __setEmg(site,level){__emgLevel[site]=level;if(__waves[site])__waves[site].buffer.fill(level*65535);}
global.analogWrite=function(p,d,o){if(!(o&&o.soft))__pwm[p]=d;};
global.analogRead=function(p){return 0.6;};
E.kickWatchdog=function(){__ticks++;if(__onTick)__onTick(__ticks);};
`;

/**
 * The prelude with Espruino's own analogWrite, which the Linux build has (it drives no pin):
 * for measuring, since on the Pico a servo write is a native call, not the JS stand-in above
 * (about 0.1 ms of Pico time more per write). Servo duties are then not recorded.
 */
export const LINUX_PRELUDE_NATIVE_PWM = LINUX_PRELUDE.split('\n')
  .filter((line) => !line.startsWith('global.analogWrite='))
  .join('\n');

/**
 * Saves `source` to the flash of a Linux build (./espruino.flash in `dir`) as the boot code,
 * in chunks, one short run of the interpreter per chunk: the whole bundle as one string in RAM
 * does not fit in 5,100 variables (on the board either, which is why `grasp flash` saves it).
 */
function saveBootCode(bin: string, dir: string, source: string): void {
  const chunk = 4096;
  for (let at = 0; at < source.length; at += chunk) {
    const b64 = Buffer.from(source.slice(at, at + chunk), 'latin1').toString('base64');
    const file = path.join(dir, 'save.js');
    fs.writeFileSync(file, `require("Storage").write(".bootcde",atob("${b64}"),${at},${source.length});`);
    const r = spawnSync(bin, [file], { cwd: dir, input: '', timeout: 20000, encoding: 'latin1' });
    if (r.status !== 0 || /Uncaught|OUT OF MEMORY/.test(r.stdout || '')) throw new Error(`saving the boot code failed:\n${cleanOutput(r.stdout || '')}`);
  }
}

/** What a script prints when it is done; the runner then quits the interpreter from its prompt. */
export const DONE = 'GRASP-DONE';

/**
 * Runs a script in a scratch folder (the Linux build keeps its flash in ./espruino.flash) until
 * it prints DONE, then quits the interpreter from its console (code loaded from flash cannot
 * call quit() itself). With `collect`, counts with callgrind the x86 instructions executed inside
 * that C function of Espruino: `jspEvaluate` for the top-level script, `jspExecuteFunction` for
 * every callback the idle loop runs (timers and watches). Repeatable to about 0.05%.
 */
export function runEspruino(
  bin: string,
  source: string,
  opts: { timeoutMs?: number; collect?: 'jspEvaluate' | 'jspExecuteFunction'; saveToFlash?: boolean } = {},
): Promise<{ output: string; instructions: number; flashReadInstructions: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grasp-espruino-'));
  const file = path.join(dir, 'script.js');
  const cg = path.join(dir, 'cg.out');
  if (opts.saveToFlash) saveBootCode(bin, dir, source);
  fs.writeFileSync(file, opts.saveToFlash ? 'load();' : source);
  const cmd = opts.collect ? 'valgrind' : bin;
  const args = opts.collect ? ['--tool=callgrind', `--toggle-collect=${opts.collect}`, `--callgrind-out-file=${cg}`, bin, file] : [file];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let quitting = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString('latin1');
      if (!quitting && out.includes(DONE)) {
        quitting = true;
        child.stdin.write('\x04');
      }
    });
    child.stdin.on('error', () => {});

    child.on('close', () => {
      clearTimeout(timer);
      try {
        if (!quitting) return reject(new Error(`Espruino did not finish the script:\n${cleanOutput(out)}`));
        let instructions = 0;
        let flashReadInstructions = 0;
        if (opts.collect) {
          const summary = fs.readFileSync(cg, 'utf8').match(/^summary:\s*(\d+)/m);
          if (!summary) return reject(new Error('callgrind wrote no summary line'));
          instructions = Number(summary[1]);
          flashReadInstructions = inclusiveCost(cg, 'jshFlashRead');
        }
        resolve({ output: cleanOutput(out), instructions, flashReadInstructions });
      } finally {
        if (!process.env.KEEP) fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

/**
 * Instructions spent inside one C function and what it calls. Used for `jshFlashRead`: the Linux
 * build keeps its flash in a file and reads saved code through fseek/fread, where the Pico reads
 * memory-mapped flash as fast as RAM; that part of a count is the PC's, not the board's.
 */
function inclusiveCost(callgrindOut: string, fn: string): number {
  const r = spawnSync('callgrind_annotate', ['--inclusive=yes', '--threshold=100', callgrindOut], { encoding: 'utf8' });
  const line = (r.stdout || '').split('\n').find((l) => new RegExp(`:${fn} \\[`).test(l) && !/'\d/.test(l.split(':').pop() || ''));
  return line ? Number(line.trim().split(/\s+/)[0].replace(/,/g, '')) : 0;
}

/** Drops the banner, the prompt echoes and carriage returns. */
export function cleanOutput(raw: string): string {
  const text = raw.replace(/\r/g, '');
  const start = text.indexOf('espruino.com/Donate');
  const body = start >= 0 ? text.slice(text.indexOf('\n', start) + 1) : text;
  return body
    .split('\n')
    .map((l) => l.replace(/^>\x1b\[J/, '').replace(/^>/, ''))
    .filter((l) => l.length > 0)
    .join('\n');
}
