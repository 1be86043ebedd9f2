import { VirtualPico } from '../../sim/runtime';

describe('Virtual Pico: pins', () => {
  test('analogRead on a pin without an ADC prints the board error and reads 0', () => {
    const pico = new VirtualPico();
    pico.setAnalog('B2', 0.7);
    expect(pico.eval('analogRead(LED1)')).toBe(0);
    expect(pico.errors().join('\n')).toMatch(/ERROR: Pin B2 is not capable of Analog Input\nSuitable pins are:\nA0 A1 A2 A3 A4 A5 A6 A7 B0/);
    expect(() => pico.eval('analogRead("Z9")')).toThrow(/Invalid pin/);
  });

  test('analogRead is 12-bit: quantised, clamped, never NaN, and follows a source of time', () => {
    const pico = new VirtualPico();
    pico.setAnalog('A0', 0.3);
    expect(pico.eval('analogRead(A0)')).toBe(Math.floor(0.3 * 4096) / 4096);
    pico.setAnalog('A0', 0.30001);
    expect(pico.eval('analogRead(A0)')).toBe(Math.floor(0.3 * 4096) / 4096); // below one LSB: same code
    pico.setAnalog('A0', 1.7);
    expect(pico.eval('analogRead(A0)')).toBe(4095 / 4096);
    pico.setAnalog('A0', -0.2);
    expect(pico.eval('analogRead(A0)')).toBe(0);
    pico.setAnalog('A0', NaN);
    expect(pico.eval('analogRead(A0)')).toBe(0);
    pico.setAnalog('A1', (t) => (t < 1 ? 0.25 : 0.75));
    expect(pico.eval('analogRead(A1)')).toBe(0.25);
    pico.advance(1500);
    expect(pico.eval('analogRead(A1)')).toBe(0.75);
  });

  test('analogWrite: hardware PWM on timer pins; error on LED1 (no timer) unless {soft:true}', () => {
    const pico = new VirtualPico();
    pico.eval('analogWrite(B3, 1.5/20, {freq:50})');
    expect(pico.pwm('B3')).toEqual({ duty: 0.075, freqHz: 50 });
    expect(pico.pulseUs('B3')).toBeCloseTo(1500, 6);
    pico.eval('analogWrite(LED1, 0.5)');
    expect(pico.pwm('B2')).toBeUndefined();
    expect(pico.output()).toMatch(/ERROR: Pin B2 is not capable of PWM Output/);
    expect(pico.output()).toMatch(/\{soft:true\}/);
    pico.eval('analogWrite(LED1, 0.5, {soft:true})');
    expect(pico.pwm('LED1')).toEqual({ duty: 0.5, freqHz: 50 });
    expect(pico.digitalOut('LED1')).toBe(true);
  });

  test('channels of one timer share its frequency (A5 and A15 are both TIM2_CH1... B3 is TIM2_CH2)', () => {
    const pico = new VirtualPico();
    pico.eval('analogWrite(B3, 0.075, {freq:50}); analogWrite(B10, 0.5, {freq:100})'); // both TIM2
    expect(pico.pwm('B10')!.freqHz).toBe(100);
    expect(pico.pwm('B3')!.freqHz).toBe(100);
    expect(pico.pwm('B3')!.duty).toBeCloseTo(0.15, 9);
  });

  test('digitalWrite on a PWM pin stops the PWM; digitalOut shows the driven level', () => {
    const pico = new VirtualPico();
    pico.eval('analogWrite(B4, 0.5, {freq:50})');
    expect(pico.pulseUs('B4')).toBeCloseTo(10000, 6);
    pico.eval('digitalWrite(B4, 1)');
    expect(pico.pwm('B4')).toBeUndefined();
    expect(pico.pulseUs('B4')).toBeUndefined();
    expect(pico.digitalOut('B4')).toBe(true);
    pico.eval('LED1.set()');
    expect(pico.digitalOut('LED1')).toBe(true);
    pico.eval('LED1.reset()');
    expect(pico.digitalOut('LED1')).toBe(false);
    pico.eval('digitalWrite(LED2, 0.7)'); // Espruino takes the integer part: 0
    expect(pico.digitalOut('LED2')).toBe(false);
  });

  test('BTN is pulled down: reads false unless pressed', () => {
    const pico = new VirtualPico();
    expect(pico.eval('digitalRead(BTN)')).toBe(0);
    expect(pico.eval('BTN.read()')).toBe(false);
    pico.setDigitalIn('BTN', true);
    expect(pico.eval('digitalRead(BTN1)')).toBe(1);
  });

  test('setWatch: edges, queued callbacks with {state,time,lastTime}, repeat and clearWatch', () => {
    const pico = new VirtualPico();
    pico.eval('var ev = []; var id = setWatch(function (e) { ev.push([e.state, e.time, e.lastTime]); }, B5, {edge:"rising", repeat:true});');
    pico.advance(100);
    pico.setDigitalIn('B5', true);
    pico.advance(100);
    pico.setDigitalIn('B5', false);
    pico.advance(100);
    pico.setDigitalIn('B5', true);
    expect(pico.eval('JSON.stringify(ev)')).toBe(JSON.stringify([[true, 0.1, undefined], [true, 0.3, 0.2]]).replace('null', 'null'));
    pico.eval('clearWatch(id)');
    pico.setDigitalIn('B5', false);
    pico.setDigitalIn('B5', true);
    expect(pico.eval('ev.length')).toBe(2);
    // without repeat a watch fires once
    pico.eval('var once = 0; setWatch(function () { once++; }, B6, {edge:"both"});');
    pico.setDigitalIn('B6', true);
    pico.setDigitalIn('B6', false);
    expect(pico.eval('once')).toBe(1);
    expect(() => pico.eval('clearWatch(undefined)')).toThrow(/not allowed/);
  });

  test('setWatch debounce: the level must hold for the debounce time; bounces are ignored', () => {
    const pico = new VirtualPico();
    pico.eval('var ev = []; setWatch(function (e) { ev.push(e.state + "@" + e.time.toFixed(3)); }, A8, {edge:"both", repeat:true, debounce:20});');
    pico.advance(1000);
    // a bouncing press: high, low 5 ms later, high again 5 ms later, then stable
    pico.setDigitalIn('A8', true);
    pico.advance(5);
    pico.setDigitalIn('A8', false);
    pico.advance(5);
    pico.setDigitalIn('A8', true);
    pico.advance(19);
    expect(pico.eval('ev.length')).toBe(0); // not stable for 20 ms yet
    pico.advance(1);
    expect(pico.eval('ev.join()')).toBe('true@1.010'); // time of the last edge
    // a glitch shorter than the debounce time does nothing
    pico.setDigitalIn('A8', false);
    pico.advance(10);
    pico.setDigitalIn('A8', true);
    pico.advance(100);
    expect(pico.eval('ev.length')).toBe(1);
    // BTN defaults: rising edge, 25 ms debounce
    pico.eval('var presses = 0; setWatch(function(){ presses++; }, BTN, {repeat:true});');
    pico.setDigitalIn('BTN', true);
    pico.advance(24);
    expect(pico.eval('presses')).toBe(0);
    pico.advance(1);
    expect(pico.eval('presses')).toBe(1);
    pico.setDigitalIn('BTN', false);
    pico.advance(100);
    expect(pico.eval('presses')).toBe(1);
  });

  test('setWatch cannot watch two pins with the same number on different ports (A0 and B0)', () => {
    const pico = new VirtualPico();
    expect(pico.eval('setWatch(function(){}, A0, {repeat:true})')).toBe(1);
    expect(pico.eval('setWatch(function(){}, B0, {repeat:true})')).toBeUndefined();
    expect(pico.errors().join()).toMatch(/WARNING: Unable to set watch\. You may already have a watch on a pin with the same number \(eg\. A0 and B0\)/);
  });

  test('digitalPulse drives the pin and returns before the pulse ends', () => {
    const pico = new VirtualPico();
    pico.eval('digitalPulse(B13, 1, 5)');
    expect(pico.digitalOut('B13')).toBe(true);
    pico.advance(4.9);
    expect(pico.digitalOut('B13')).toBe(true);
    pico.advance(0.2);
    expect(pico.digitalOut('B13')).toBe(false);
  });
});
