// The firmware's cost on Espruino's own interpreter: instructions per control tick at rest and
// while the fingers move, turned into Pico CPU time, and the variables it uses.
// Needs ESPRUINO_BIN (an Espruino 2v29 Linux build, 5,100 variables) and valgrind.

import { buildFirmware } from '../build/build';
import { DONE, LINUX_PRELUDE_NATIVE_PWM as LINUX_PRELUDE, espruinoBin, hasValgrind, runEspruino } from './espruino-interpreter';
import { defaultConfig } from '../../firmware/config/defaults';

/**
 * A published Pico timing: this loop ran 1,000,000 iterations in 458 s on an Espruino Pico
 * (FACTS.md). Counting the same loop on the Linux build gives its instructions per Pico µs.
 */
const PICO_LEIBNIZ_US_PER_ITERATION = 458;
const leibniz = (n: number) => `var x=1,pi=1;for(i=2;i<${n}+2;i++){x=x*-1;pi=pi+(x/(2*i-1));}print("${DONE}");`;

/**
 * A stimulus that swaps which muscle is on every `ticks` control ticks, at `level`: it follows
 * the firmware's own ticks (valgrind slows the wall clock, so a timer-driven stimulus would not
 * land on the same ticks from run to run).
 */
const alternate = (level: number, ticks: number) =>
  `var __f=1;__setEmg(0,${level});__onTick=function(t){if(t%${ticks}==0){__f=!__f;__setEmg(0,__f?${level}:0.03);__setEmg(1,__f?0.03:${level});}};`;
/** Strong flexor and extensor take turns every 0.8 s: the hand closes, squeezes, reopens; the worst case (switches and ends of travel). */
const ALTERNATE = alternate(0.5, 20);
/** A light effort, swapping every 1.6 s: the fingers move slowly most of the time (the steady-motion tick). */
const SLOW = alternate(0.16, 40);

export interface TickCost {
  instructionsPerPicoUs: number;
  restTickUs: number;
  movingTickUs: number;
  slowTickUs: number;
  restCpuPercent: number;
  movingCpuPercent: number;
  slowCpuPercent: number;
  tickMs: number;
  variablesAfterBoot: number;
  variablesAfterMinute: number;
  variablesTotal: number;
}

/** The bundle saved to flash (as `grasp flash` does), with the Linux stand-ins and a stimulus. */
function onBoard(bundle: string, stimulus: string, endAfterMs: number, end = ''): string {
  return (`${LINUX_PRELUDE}\n${bundle}\n${stimulus}\nsetTimeout(function(){${end}print("TICKS "+__ticks);print("${DONE}");},${endAfterMs});\n`);
}

async function perTick(bin: string, bundle: string, stimulus: string, harnessIr: number): Promise<number> {
  // Two run lengths: the difference is steady-state ticks only (no boot, no load). Under
  // valgrind the interpreter runs slower than real time, so the shorter run is long enough for
  // the 1 s boot to be over.
  const run = async (ms: number) => {
    const r = await runEspruino(bin, onBoard(bundle, stimulus, ms), { collect: 'jspExecuteFunction', saveToFlash: true });
    const ticks = Number((r.output.match(/TICKS (\d+)/) || [])[1]);
    if (!ticks) throw new Error('the firmware did not run on the interpreter:\n' + r.output);
    // Saved code is read from a file on Linux and from memory-mapped flash on the Pico.
    return { ir: r.instructions - r.flashReadInstructions, ticks };
  };
  const a = await run(4000);
  const b = await run(8000);
  return (b.ir - a.ir) / (b.ticks - a.ticks) - harnessIr;
}

export async function measureTickCost(bin: string): Promise<TickCost> {
  const { source } = await buildFirmware({ quiet: true });
  const top = async (body: string) => (await runEspruino(bin, body, { collect: 'jspEvaluate' })).instructions;
  const perIteration = ((await top(leibniz(2000))) - (await top(leibniz(0)))) / 2000;
  const instructionsPerPicoUs = perIteration / PICO_LEIBNIZ_US_PER_ITERATION;
  // The prelude's tick counter replaces the native E.kickWatchdog with a JS function: take the
  // difference between the two out again.
  const loop = (body: string) => `${LINUX_PRELUDE}var native=E.sum;${body}print("${DONE}");`;
  const kicks = async (hook: string) =>
    ((await top(loop(hook + 'for(var k=0;k<500;k++){E.kickWatchdog();}'))) - (await top(loop('E.kickWatchdog=native;for(var k=0;k<500;k++){E.kickWatchdog([]);}')))) / 500;
  const harnessIr = await kicks('');
  // The stimulus's own per-tick test, without its (rare) swap.
  const stimulusIr = await kicks('__onTick=function(t){if(t%1000001==0){}};');

  const rest = await perTick(bin, source, '', harnessIr);
  const moving = await perTick(bin, source, ALTERNATE, stimulusIr);
  const slow = await perTick(bin, source, SLOW, stimulusIr);
  const tickMs = defaultConfig().tickMs;
  const restTickUs = rest / instructionsPerPicoUs;
  const movingTickUs = moving / instructionsPerPicoUs;
  const slowTickUs = slow / instructionsPerPicoUs;

  const mem = (
    await runEspruino(
      bin,
      onBoard(source, `setTimeout(function(){print("BOOT "+process.memory().usage+" "+process.memory().total);},1500);${ALTERNATE}`, 60000, 'hand.status();print("MINUTE "+process.memory().usage);'),
      { timeoutMs: 120000, saveToFlash: true },
    )
  ).output;
  const boot = mem.match(/BOOT (\d+) (\d+)/);
  const minute = mem.match(/MINUTE (\d+)/);
  if (!boot || !minute) throw new Error('memory run failed:\n' + mem);
  return {
    instructionsPerPicoUs,
    restTickUs,
    movingTickUs,
    slowTickUs,
    restCpuPercent: (restTickUs / (tickMs * 1000)) * 100,
    movingCpuPercent: (movingTickUs / (tickMs * 1000)) * 100,
    slowCpuPercent: (slowTickUs / (tickMs * 1000)) * 100,
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
    console.log(`tick every ${c.tickMs} ms: rest ${(c.restTickUs / 1000).toFixed(2)} ms (${c.restCpuPercent.toFixed(1)}% CPU)`);
    console.log(`  moving, strong efforts swapping every 0.8 s (worst case): ${(c.movingTickUs / 1000).toFixed(2)} ms (${c.movingCpuPercent.toFixed(1)}% CPU)`);
    console.log(`  moving, light effort swapping every 1.6 s (steady motion): ${(c.slowTickUs / 1000).toFixed(2)} ms (${c.slowCpuPercent.toFixed(1)}% CPU)`);
    console.log(`variables: ${c.variablesAfterBoot} of ${c.variablesTotal} after boot, ${c.variablesAfterMinute} after a minute of use (code saved to flash)`);
  });
}
