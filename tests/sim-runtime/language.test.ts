import * as vm from 'vm';
import { EspruinoSyntaxError, VirtualPico } from '../../sim/runtime';

describe('Virtual Pico: the language as Espruino 2v29 runs it', () => {
  test('no hoisting: a function declared below its call fails here, runs in plain Node', () => {
    const src = 'var r = f(); function f(){ return 42; }';
    // plain Node hoists the declaration
    const ctx = vm.createContext({});
    vm.runInContext(src, ctx);
    expect(vm.runInContext('r', ctx)).toBe(42);
    // the board does not
    const pico = new VirtualPico();
    expect(() => pico.eval(src)).toThrow(/f is not a function/);
    expect(pico.output()).toMatch(/Uncaught TypeError: f is not a function/);
    // the statement that would define it never ran; once a declaration is reached, it exists
    expect(pico.eval('typeof f')).toBe('undefined');
    expect(pico.eval('function g(){ return 7; } g()')).toBe(7);
  });

  test("TypeScript's ES5 class helper order (__extends above function B) fails like on the board", () => {
    const ts = `
      var __extends = function (d, b) { Object.setPrototypeOf(d, b); function __() { this.constructor = d; } d.prototype = b === null ? Object.create(b) : (__.prototype = b.prototype, new __()); };
      var A = (function () { function A() {} return A; })();
      var B = (function (_super) { __extends(B, _super); function B() { return _super.call(this) || this; } return B; })(A);`;
    const ctx = vm.createContext({});
    expect(() => vm.runInContext(ts, ctx)).not.toThrow();
    expect(() => new VirtualPico().eval(ts)).toThrow();
  });

  test('built-ins Espruino lacks are absent', () => {
    const pico = new VirtualPico();
    for (const name of ['Map', 'Set', 'Symbol', 'Proxy', 'Reflect', 'WeakMap', 'RangeError', 'BigInt', 'Intl', 'Buffer', 'setImmediate', 'queueMicrotask', 'WebAssembly']) {
      expect(pico.eval(`typeof ${name}`)).toBe('undefined');
    }
    for (const expr of ['Number.isFinite', 'Number.isNaN', 'Math.trunc', 'Math.log10', 'Array.from', 'Object.freeze', '[].lastIndexOf', "''.trimStart", 'Promise.prototype.finally']) {
      expect(pico.eval(`typeof ${expr}`)).toBe('undefined');
    }
    expect(() => pico.eval('new Map()')).toThrow(/Map/);
    expect(pico.output()).toMatch(/Uncaught ReferenceError: "Map" is not defined/);
    // what Espruino does have is still there
    expect(pico.eval('[1,2,3].map(function(x){return x*2}).join()')).toBe('2,4,6');
    expect(pico.eval('Object.assign({a:1},{b:2}).b')).toBe(2);
    expect(pico.eval('"abc".padStart(5, "-")')).toBe('--abc');
    expect(pico.eval('typeof Promise.all')).toBe('function');
    // and the same names exist in plain Node
    expect(vm.runInContext('typeof Math.trunc + typeof Map', vm.createContext({}))).toBe('functionfunction');
  });

  test('built-in methods are not reachable through prototype, but work on instances', () => {
    const pico = new VirtualPico();
    expect(pico.eval('typeof Array.prototype.slice')).toBe('undefined');
    expect(pico.eval('typeof Function.prototype.apply')).toBe('undefined');
    expect(pico.eval('typeof String.prototype.indexOf')).toBe('undefined');
    expect(pico.eval('typeof Object.prototype.hasOwnProperty')).toBe('function');
    expect(() => pico.eval('(function(){ return Array.prototype.slice.call(arguments, 1); })(1,2,3)')).toThrow();
    expect(pico.output()).toMatch(/Can't read property 'call' of undefined/);
    expect(pico.eval('(function(){ return [].slice.call(arguments, 1).length; })(1,2,3)')).toBe(2);
    expect(pico.eval('(function(a,b){ return a+b; }).apply(null, [2, 3])')).toBe(5);
    expect(pico.eval('"hello".indexOf("l")')).toBe(2);
    // a polyfill assigned on the prototype is taken
    expect(pico.eval('Array.prototype.slice = function(){ return "mine"; }; [].slice()')).toBe('mine');
  });

  test.each([
    ['var {a} = {a:1};', 'destructuring'],
    ['var [x] = [1];', 'destructuring'],
    ['f(...xs);', 'spread'],
    ['function g(...rest){}', 'rest parameters'],
    ['function g(a = 1){}', 'default parameters'],
    ['var v = o?.x;', 'optional chaining'],
    ['var v = 2 ** 3;', 'exponentiation'],
    ['async function g(){ await 1; }', 'async'],
    ['function* g(){ yield 1; }', 'generators'],
    ['outer: for(;;){ break outer; }', 'labels'],
    ['class C { #x = 1; }', 'private'],
  ])('syntax the board rejects: %s', (code, construct) => {
    const pico = new VirtualPico();
    let err: unknown;
    try {
      pico.load(`var ok = 1;\n${code}`);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EspruinoSyntaxError);
    expect((err as Error).message).toContain(construct);
    expect((err as EspruinoSyntaxError).line).toBe(2);
    expect(pico.output()).toMatch(/Uncaught SyntaxError: .* \(line 2, column \d+\)/);
  });

  test('syntax the board accepts loads: let/const, arrows, template literals, for-of, ??, classes', () => {
    const pico = new VirtualPico();
    pico.load('const a = [1,2]; let s = 0; for (const x of a) s += x; class K { constructor(){ this.v = 1; } get w(){ return this.v + 1; } static make(){ return new K(); } } var r = `${s}:${K.make().w}:${null ?? "d"}`; var f = (x) => x * 2;');
    expect(pico.eval('r')).toBe('3:2:d');
    expect(pico.eval('f(4)')).toBe(8);
  });

  test('events are queued: a listener runs after the current code returns, not inside emit()', () => {
    const pico = new VirtualPico();
    expect(pico.eval('var n = 0; var o = {}; o.on("x", function (v) { n += v; }); o.emit("x", 5); n')).toBe(0);
    expect(pico.eval('n')).toBe(5);
    // Node's EventEmitter would have called it synchronously; the board does not
    expect(pico.eval('o.removeAllListeners("x"); o.emit("x", 1); n')).toBe(5);
  });

  test('require, process and console as on the board', () => {
    const pico = new VirtualPico();
    expect(pico.eval('typeof require("Storage").write')).toBe('function');
    expect(() => pico.eval('require("fs2")')).toThrow(/Module fs2 not found/);
    expect(pico.eval('process.env.VERSION + " " + process.env.BOARD')).toBe('2v29 PICO');
    expect(pico.eval('typeof process.memory().usage')).toBe('number');
    expect(pico.eval('typeof process.nextTick')).toBe('undefined');
    pico.eval('print("a", 1, {b:[1,2]}); console.log(LED1)');
    expect(pico.output()).toContain('a 1 { "b": [ 1, 2 ] }\nB2\n');
  });

  test('a typed array or a string at a negative, fractional or NaN index throws, as on the board; plain arrays answer undefined', () => {
    const pico = new VirtualPico();
    pico.eval('var u = new Uint8Array(3), f = new Float32Array(2), s = "abc", a = [1, 2], i = -1;');
    expect(() => pico.eval('u[i]')).toThrow('Field or method "-1" does not already exist, and can\'t create it on Uint8Array');
    expect(() => pico.eval('f[0.5]')).toThrow(/"0.5" .* on Float32Array/);
    expect(() => pico.eval('u[NaN]')).toThrow(/"NaN"/);
    expect(() => pico.eval('s[i]')).toThrow(/on String/);
    expect(() => pico.eval('u[i] = 3')).toThrow(/"-1"/);
    expect(() => pico.eval('u[i]++')).toThrow(/"-1"/);
    // Past the end reads undefined on the board too; a plain array at -1 is undefined.
    expect(pico.eval('[u[5], a[i], u[i + 2], s[i + 1]].join()')).toBe(',,0,a');
    // The object is evaluated once and before its key, and `this` stays the object.
    expect(pico.eval('var n = 0, o = { k: [7, 8], m: function () { return this.k[1]; } }; function g() { n++; return o; } [g()["k"][n], o["m"](), n].join()')).toBe('8,8,1');
  });

  test('E.variance returns the SUM of squared deviations; E.sum is the plain sum', () => {
    const pico = new VirtualPico();
    expect(pico.eval('E.variance([1,2,3], 2)')).toBe(2);
    expect(pico.eval('E.sum(new Uint16Array([1,2,3,4]))')).toBe(10);
    expect(pico.eval('E.variance(new Uint8Array([0,4]), 2)')).toBe(8);
  });
});

test('a function body that starts with a function declaration still runs (scope registration comes first)', () => {
  const { VirtualPico } = require('../../sim/runtime');
  const vp = new VirtualPico();
  vp.load('(function(){function f(){return 1} var g = function(){return f()}; global.out = g();})();', { to: 'ram' });
  expect(vp.eval('out')).toBe(1);
});
