// Runs JavaScript on Espruino's own interpreter, built for Linux outside this repository and
// named by ESPRUINO_BIN (nothing here builds it). Used by the benchmarks and by the one test
// that checks the bundle on the real interpreter.

import { execFileSync, spawnSync } from 'child_process';
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
 * stands in for exactly those, in plain Espruino JS: LED1/LED2/BTN become spare pins, and
 * Waveform.startInput fills its buffer with the level the script sets in `__emgLevel[site]`.
 * Everything else (timers, E.sum, E.variance, Storage, the interpreter itself) is the real thing.
 */
export const LINUX_PRELUDE = `
global.LED1=D1;global.LED2=D2;global.BTN=D3;
var __emgLevel=[0.03,0.03],__waveforms=0,__samples=0;
global.Waveform=function(n){this.buffer=new Uint16Array(n);this.running=false;this.site=__waveforms++;};
Waveform.prototype.startInput=function(){this.buffer.fill(__emgLevel[this.site]*65535);__samples++;};
`;

/** Runs a script in a scratch folder (the Linux build keeps its flash in ./espruino.flash). */
export function runEspruino(bin: string, source: string, opts: { timeoutMs?: number } = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grasp-espruino-'));
  const file = path.join(dir, 'script.js');
  fs.writeFileSync(file, source);
  try {
    const r = spawnSync(bin, [file], { cwd: dir, input: '', timeout: opts.timeoutMs ?? 20000, encoding: 'utf8' });
    return cleanOutput(r.stdout || '') + (r.error ? `\n[espruino: ${r.error.message}]` : '');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
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

/**
 * x86 instructions the interpreter executes inside `collect` (a C function of Espruino:
 * `jspEvaluate` for the top-level script, `jspExecuteFunction` for every callback the idle
 * loop runs: timers and watches), counted by callgrind. Repeatable to about 0.05%.
 */
export function countInstructions(bin: string, source: string, collect: 'jspEvaluate' | 'jspExecuteFunction'): { instructions: number; output: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grasp-callgrind-'));
  const file = path.join(dir, 'script.js');
  const out = path.join(dir, 'cg.out');
  fs.writeFileSync(file, source);
  try {
    const stdout = execFileSync('valgrind', ['--tool=callgrind', `--toggle-collect=${collect}`, `--callgrind-out-file=${out}`, bin, file], {
      cwd: dir,
      input: '',
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: 300000,
    });
    const summary = fs.readFileSync(out, 'utf8').match(/^summary:\s*(\d+)/m);
    if (!summary) throw new Error('callgrind wrote no summary line');
    return { instructions: Number(summary[1]), output: cleanOutput(stdout) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
