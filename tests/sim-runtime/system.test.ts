import { OutOfMemoryError, VirtualPico } from '../../sim/runtime';

describe('Virtual Pico: boot, watchdog, memory, Waveform', () => {
  test('load() saves to flash and runs; E.on("init") fires; powerCycle boots the saved code', () => {
    const pico = new VirtualPico();
    pico.load('var booted = 0; E.on("init", function(){ booted++; }); var up = getTime();');
    expect(pico.eval('booted')).toBe(1);
    expect(pico.eval('require("Storage").read(".bootcde").length')).toBeGreaterThan(10);
    pico.eval('booted = 99');
    pico.powerCycle();
    expect(pico.eval('booted')).toBe(1);
    // code uploaded to RAM only is gone after a power cycle
    const ram = new VirtualPico({ uploadTo: 'ram' });
    ram.load('var x = 1;');
    ram.powerCycle();
    expect(ram.eval('typeof x')).toBe('undefined');
  });

  test('watchdog: not kicked within the timeout, the board resets and reloads the saved code', () => {
    const pico = new VirtualPico();
    pico.load(`var ticks = 0;
      E.enableWatchdog(0.5, false);
      var id = setInterval(function () { ticks++; if (ticks < 5) E.kickWatchdog(); }, 100);`);
    pico.advance(450);
    expect(pico.resets).toBe(0);
    expect(pico.eval('ticks')).toBe(4);
    // the last kick was at 400 ms: the reset happens at 900 ms
    pico.advance(449);
    expect(pico.resets).toBe(0);
    pico.advance(2);
    expect(pico.resets).toBe(1);
    expect(pico.eval('ticks')).toBe(0); // state lost, code reloaded from flash
    pico.advance(2000);
    expect(pico.resets).toBeGreaterThanOrEqual(3);
    // automatic mode is kicked by the idle loop
    const auto = new VirtualPico();
    auto.load('E.enableWatchdog(0.2); setInterval(function(){}, 1000);');
    auto.advance(5000);
    expect(auto.resets).toBe(0);
  });

  test('process.memory() grows with firmware state, including closure state, and Out of Memory beyond the limit', () => {
    const pico = new VirtualPico();
    pico.load('(function(){ var state = { pos: 0 }; setInterval(function(){ state.pos++; }, 20); })();');
    const before = pico.memory().usage;
    expect(pico.eval('process.memory().usage')).toBe(before);
    pico.eval('var big = []; for (var i = 0; i < 2000; i++) big.push(i + 0.5);');
    const after = pico.memory().usage;
    expect(after - before).toBeGreaterThan(3900); // 2 variables per float element
    // closure state (as an esbuild IIFE bundle keeps it) counts too
    const iife = new VirtualPico();
    iife.load('(function(){ var table = []; for (var i = 0; i < 1000; i++) table.push(i * 1.5 + 0.1); setInterval(function(){ table[0]++; }, 20); })();');
    expect(iife.memory().usage).toBeGreaterThan(1900);
    // typed arrays are compact
    const typed = new VirtualPico();
    typed.eval('var t = new Uint16Array(2000);');
    expect(typed.memory().usage).toBeLessThan(600);
    // beyond 5100 variables: Out of Memory at load ...
    const oom = new VirtualPico();
    expect(() => oom.load('var a = []; for (var i = 0; i < 3000; i++) a.push(i + 0.25);')).toThrow(OutOfMemoryError);
    expect(oom.output()).toContain('OUT OF MEMORY');
    // ... and when firmware grows past it while running
    const leak = new VirtualPico();
    leak.load('var log = []; setInterval(function(){ log.push(getTime()); }, 10);');
    expect(() => leak.advance(60000)).toThrow(OutOfMemoryError);
    expect(leak.nowS()).toBeLessThan(30);
  });

  test('a function called where it is written (an IIFE, as terser inlines calls) keeps no scope alive; a closure that escapes does', () => {
    // f's scope holds a 200-element array; on Espruino it is freed when f returns unless a
    // closure made in f outlives the call.
    const run = (inner: string) => {
      const pico = new VirtualPico({ memoryCheckIntervalS: 0 });
      pico.load(`var keep = [];function f(){var a=[];for(var i=0;i<200;i++)a.push(i+0.5);${inner}}setInterval(f, 20);`);
      pico.advance(200);
      return pico.memory().usage;
    };
    const none = run('return a.length;');
    expect(run('return (function(x){return x.length;})(a);') - none).toBeLessThan(10);
    expect(run('keep[0] = function(){return a.length;};') - none).toBeGreaterThan(300);
  });

  test('Waveform double-buffered input: buffer events at the sample rate with 12-bit samples', () => {
    const pico = new VirtualPico();
    pico.setAnalog('A1', (t) => (t < 0.1 ? 0.25 : 0.5));
    pico.eval(`var got = [];
      var w = new Waveform(50, {doubleBuffer:true, bits:16});
      w.on("buffer", function (buf) { got.push([Math.round(getTime()*1000), buf === w.buffer ? 1 : 2, buf[0], buf[49]]); });
      w.startInput(A1, 1000, {repeat:true});`);
    pico.advance(49);
    expect(pico.eval('got.length')).toBe(0);
    pico.advance(1);
    expect(pico.eval('JSON.stringify(got)')).toBe(JSON.stringify([[50, 1, 1024 * 16, 1024 * 16]]));
    pico.advance(150);
    expect(pico.eval('got.length')).toBe(4); // 20 buffers a second at 1000 Hz / 50 samples
    expect(pico.eval('JSON.stringify(got[2])')).toBe(JSON.stringify([150, 1, 2048 * 16, 2048 * 16]));
    expect(pico.eval('got[1][1]')).toBe(2);
    // 8-bit single-shot: a finish event
    pico.eval('var w8 = new Waveform(10); var fin = 0; w8.on("finish", function(b){ fin = b[0]; }); w8.startInput(A1, 100);');
    pico.advance(100);
    expect(pico.eval('fin')).toBe(2048 >> 4);
    expect(pico.eval('w8.running')).toBe(false);
    expect(() => pico.eval('w.startInput(A1, 1000, {repeat:true})')).toThrow(/already running/);
    pico.eval('w.stop()');
    expect(() => pico.eval('w.stop()')).toThrow(/not running/);
  });

  test('runs a hand-like firmware at well over 200x real time', () => {
    const pico = new VirtualPico();
    pico.setAnalog('A0', (t) => 0.5 + 0.3 * Math.sin(t * 400));
    pico.setAnalog('A1', (t) => 0.5 + 0.2 * Math.sin(t * 300));
    pico.load(`(function(){
      var level = [0, 0], pos = 0;
      function wave(pin, i) {
        var w = new Waveform(50, {doubleBuffer:true, bits:16});
        w.on("buffer", function (b) { var m = E.sum(b) / b.length; level[i] = Math.sqrt(E.variance(b, m) / b.length) / 65536; });
        w.startInput(pin, 1000, {repeat:true});
      }
      wave(A0, 0); wave(A1, 1);
      setInterval(function () {
        pos += (level[0] - level[1] - pos) * 0.1;
        analogWrite(B3, (1 + Math.max(0, Math.min(1, pos + 0.5))) / 20, {freq:50});
        digitalWrite(LED1, pos > 0);
      }, 20);
    })();`);
    const t0 = Date.now();
    pico.advance(60000);
    const wallMs = Date.now() - t0;
    expect(pico.errors()).toEqual([]);
    expect(pico.pulseUs('B3')).toBeGreaterThan(1000);
    expect(60000 / wallMs).toBeGreaterThan(200);
    if (process.env.VP_BENCH) console.log(`simulated 60 s in ${wallMs} ms: ${Math.round(60000 / wallMs)}x real time`);
  });
});
