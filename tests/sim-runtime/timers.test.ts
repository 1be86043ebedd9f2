import { VirtualPico } from '../../sim/runtime';

describe('Virtual Pico: timers on the virtual clock', () => {
  test('ordering: by due time, then creation order; extra arguments passed', () => {
    const pico = new VirtualPico();
    pico.eval(`var log = [];
      setTimeout(function (a, b) { log.push("t30:" + a + b); }, 30, "x", "y");
      setTimeout(function () { log.push("t10a"); }, 10);
      setTimeout(function () { log.push("t10b"); }, 10);
      setInterval(function () { log.push("i15@" + Math.round(getTime() * 1000)); }, 15);`);
    pico.advance(29);
    expect(pico.eval('log.join()')).toBe('t10a,t10b,i15@15');
    pico.advance(1);
    expect(pico.eval('log.join()')).toBe('t10a,t10b,i15@15,t30:xy,i15@30') // same due time: creation order;
    expect(pico.nowS()).toBeCloseTo(0.03, 12);
  });

  test('intervals do not drift, changeInterval restarts the period from now', () => {
    const pico = new VirtualPico();
    pico.eval('var t = []; var id = setInterval(function () { t.push(Math.round(getTime() * 1000)); }, 20);');
    pico.advance(70);
    expect(pico.eval('t.join()')).toBe('20,40,60');
    pico.eval('changeInterval(id, 50)');
    pico.advance(110);
    expect(pico.eval('t.join()')).toBe('20,40,60,120,170');
    expect(() => pico.eval('changeInterval(99, 10)')).toThrow(/Unknown Interval/);
  });

  test('clearTimeout/clearInterval: by id, all with no argument, and undefined is an error', () => {
    const pico = new VirtualPico();
    pico.eval('var n = 0; var a = setInterval(function(){ n++; }, 10); var b = setTimeout(function(){ n += 100; }, 15);');
    pico.eval('clearTimeout(b)');
    pico.advance(25);
    expect(pico.eval('n')).toBe(2);
    pico.eval('clearInterval()');
    pico.advance(100);
    expect(pico.eval('n')).toBe(2);
    expect(() => pico.eval('clearTimeout(undefined)')).toThrow(/clearTimeout\(undefined\) not allowed/);
  });

  test('intervals below 0.1 ms or NaN are coerced like Espruino (TIMER_MIN_INTERVAL)', () => {
    const pico = new VirtualPico();
    pico.eval('var n = 0; setInterval(function(){ n++; }, -5); var m = 0; setTimeout(function(){ m++; }, NaN);');
    pico.advance(1);
    expect(pico.eval('n')).toBe(10);
    expect(pico.eval('m')).toBe(1);
  });

  test('an uncaught error in a timer is printed and the other timers keep running', () => {
    const pico = new VirtualPico();
    pico.eval('var ok = 0; setInterval(function(){ null.x; }, 10); setInterval(function(){ ok++; }, 10);');
    pico.advance(35);
    expect(pico.eval('ok')).toBe(3);
    expect(pico.errors()).toHaveLength(3);
    expect(pico.output()).toContain("Uncaught TypeError: Can't read property 'x' of null");
  });

  test('Promise callbacks run after the current code, as queued events', () => {
    const pico = new VirtualPico();
    expect(pico.eval('var r = 0; Promise.resolve(4).then(function(v){ r = v; }); r')).toBe(0);
    expect(pico.eval('r')).toBe(4);
  });
});
