// The firmware's cost on Espruino's own interpreter: instructions per control tick at rest and
// while the fingers move, turned into Pico CPU time, and the variables it uses.
// Needs ESPRUINO_BIN (an Espruino 2v29 Linux build, 5,100 variables) and valgrind.

import { buildFirmware } from '../build/build';
import { LINUX_PRELUDE, countInstructions, espruinoBin, hasValgrind, runEspruino } from './espruino-interpreter';
import { defaultConfig } from '../../firmware/config/defaults';

/**
 * A published Pico timing: this loop ran 1,000,000 iterations in 458 s on an Espruino Pico
 * (FACTS.md). Counting the same loop on the Linux build gives its instructions per Pico µs.
 */
const PICO_LEIBNIZ_US_PER_ITERATION = 458;
const leibniz = (n: number) => `var x=1,pi=1;for(i=2;i<${n}+2;i++){x=x*-1;pi=pi+(x/(2*i-1));}`;

export interface TickCost {
  instructionsPerPicoUs: number;
  restTickUs: number;
  movingTickUs: number;
  restCpuPercent: number;
  movingCpuPercent: number;
  tickMs: number;
  variablesAfterBoot: number;
  variablesAfterMinute: number;
  variablesTotal: number;
}

function scenario(bundle: string, stimulus: string, seconds: number): string {
  return `${LINUX_PRELUDE}\n${bundle}\n${stimulus}\nsetTimeout(function(){print("SAMPLES "+__samples);quit();},${seconds * 1000});\n`;
}

function perTick(bin: string, bundle: string, stimulus: string, fakeWaveformIr: number): number {
  // Two run lengths: the difference is steady-state ticks only (no boot, no load).
  const run = (s: number) => {
    const r = countInstructions(bin, scenario(bundle, stimulus, s), 'jspExecuteFunction');
    const samples = Number((r.output.match(/SAMPLES (\d+)/) || [])[1]);
    if (!samples) throw new Error('the firmware did not run on the interpreter:\n' + r.output);
    return { ir: r.instructions, ticks: samples / 2 };
  };
  const a = run(1.6);
  const b = run(4.8);
  return (b.ir - a.ir) / (b.ticks - a.ticks) - 2 * fakeWaveformIr;
}

export async function measureTickCost(bin: string): Promise<TickCost> {
  const { source } = await buildFirmware({ quiet: true });
  const top = (body: string) => countInstructions(bin, body, 'jspEvaluate').instructions;
  const perIteration = (top(leibniz(2000)) - top(leibniz(0))) / 2000;
  const instructionsPerPicoUs = perIteration / PICO_LEIBNIZ_US_PER_ITERATION;
  // What the prelude's stand-in Waveform costs per call, to take it out again.
  const fake = `${LINUX_PRELUDE}var w=new Waveform(15);`;
  const fakeWaveformIr = (top(`${fake}for(var k=0;k<500;k++){w.startInput(0,500,0);}`) - top(`${fake}for(var k=0;k<500;k++){}`)) / 500;

  const rest = perTick(bin, source, '', fakeWaveformIr);
  // Flexor and extensor take turns every 0.8 s: the fingers are moving nearly all the time.
  const moving = perTick(bin, source, 'setInterval(function(){__emgLevel=__emgLevel[0]>0.1?[0.03,0.5]:[0.5,0.03];},800);__emgLevel=[0.5,0.03];', fakeWaveformIr);
  const tickMs = defaultConfig().tickMs;
  const restTickUs = rest / instructionsPerPicoUs;
  const movingTickUs = moving / instructionsPerPicoUs;

  const mem = runEspruino(
    bin,
    `${LINUX_PRELUDE}\n${source}\nsetTimeout(function(){print("BOOT "+process.memory().usage+" "+process.memory().total);},1500);` +
      `setInterval(function(){__emgLevel=__emgLevel[0]>0.1?[0.03,0.5]:[0.5,0.03];},800);` +
      `setTimeout(function(){hand.status();print("MINUTE "+process.memory().usage);quit();},60000);`,
    { timeoutMs: 90000 },
  );
  const boot = mem.match(/BOOT (\d+) (\d+)/);
  const minute = mem.match(/MINUTE (\d+)/);
  if (!boot || !minute) throw new Error('memory run failed:\n' + mem);
  return {
    instructionsPerPicoUs,
    restTickUs,
    movingTickUs,
    restCpuPercent: (restTickUs / (tickMs * 1000)) * 100,
    movingCpuPercent: (movingTickUs / (tickMs * 1000)) * 100,
    tickMs,
    variablesAfterBoot: Number(boot[1]),
    variablesTotal: Number(boot[2]),
    variablesAfterMinute: Number(minute[1]),
  };
}

if (require.main === module) {
  const bin = espruinoBin();
  if (!bin || !hasValgrind()) {
    console.log('SKIPPED: set ESPRUINO_BIN to an Espruino Linux build (and install valgrind) to measure the tick on the real interpreter.');
    process.exit(0);
  }
  measureTickCost(bin).then((c) => {
    console.log(`interpreter: ${bin}, ${c.instructionsPerPicoUs.toFixed(1)} x86 instructions per Pico µs (Leibniz-loop calibration)`);
    console.log(`tick every ${c.tickMs} ms: rest ${(c.restTickUs / 1000).toFixed(2)} ms (${c.restCpuPercent.toFixed(1)}% CPU), moving ${(c.movingTickUs / 1000).toFixed(2)} ms (${c.movingCpuPercent.toFixed(1)}% CPU)`);
    console.log(`variables: ${c.variablesAfterBoot} of ${c.variablesTotal} after boot, ${c.variablesAfterMinute} after a minute of use (code uploaded into RAM)`);
  });
}
