// The sandbox side of the Virtual Pico: JavaScript evaluated INSIDE each vm context (so every
// object it makes belongs to the firmware's realm: instanceof, prototypes and event methods work
// as the firmware expects). It defines Espruino's globals on top of a small host bridge `N`
// (index.ts), then makes the context look like Espruino 2v29:
//
// - Built-in methods are not reachable through `prototype` (FACTS.md). Every built-in method
//   listed as present in builtins.json as `X.prototype.m` (except Object.prototype.hasOwnProperty)
//   is replaced by an accessor whose getter returns `undefined` when read on the prototype object
//   itself (`Array.prototype.slice` -> undefined, so `.call` throws "Can't read property 'call' of
//   undefined") and the real method when read through an instance (`[].slice`, `fn.apply`).
//   Assigning to it (a polyfill) turns it back into a plain property. This is exact at run time,
//   unlike a static scan, and costs an accessor call per built-in method lookup.
// - Names builtins.json lists as missing are deleted (Map, Set, Symbol, Array.from, Math.trunc,
//   Object.freeze, RangeError, ...), except RegExp.prototype flag getters (global, flags, ...):
//   V8's own String.prototype.replace/split read them, and deleting them would break /g.
// - Every global that is neither in builtins.json's "present" list nor an Espruino API is
//   deleted (WebAssembly, escape, encodeURI, ...).
//
// The returned control object gives the host what it needs from inside: the scope registry
// (memory estimate), constructors for errors, and the event emitter.

export const PRELUDE = String.raw`(function (N, PINS, MISSING, PRESENT, SEED) {
'use strict';
var G = globalThis;
var O = Object, defProp = O.defineProperty, gopn = O.getOwnPropertyNames, gopd = O.getOwnPropertyDescriptor;
var RC = Reflect.construct, RA = Reflect.apply;
var OrigDate = Date, origEval = eval, isView = ArrayBuffer.isView;
var aslice = Array.prototype.slice, apush = Array.prototype.push;
var ID_RE = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
function def(o, k, v) { defProp(o, k, { value: v, writable: true, configurable: true, enumerable: false }); }
function args(a, from) { return RA(aslice, a, [from || 0]); }

// ---------------------------------------------------------------- scope registry (memory.ts)
var loading = false, sites = {};
def(G, '$__vpS', function (id, g) {
  var s = sites[id];
  if (!s) s = sites[id] = { load: [], post: [] };
  if (loading) { if (s.load.length < 32) s.load[s.load.length] = g; }
  else { var p = s.post; if (p.length >= 3) p.shift(); p[p.length] = g; }
});

// ---------------------------------------------------------------- index checks (source.ts)
// A typed array or a string read or written at a negative, fractional, NaN or undefined index
// throws on Espruino; plain arrays and objects answer undefined there, as in Node.
def(G, '$__vpO', undefined);
def(G, '$__vpI', function (o, k) {
  if ((typeof k === 'number' ? !(k >= 0 && k % 1 === 0) : k === undefined) && (typeof o === 'string' || (isView(o) && !(o instanceof DataView))))
    throw new Error('Field or method "' + k + '" does not already exist, and can\'t create it on ' + (typeof o === 'string' ? 'String' : o.constructor.name));
  return k;
});

// ---------------------------------------------------------------- events (queued, FACTS.md)
function evKey(e) { return '#on' + e; }
def(O.prototype, 'on', function (evt, fn) {
  var k = evKey(evt), cur = gopd(this, k);
  if (!cur) def(this, k, fn);
  else if (typeof cur.value === 'function') this[k] = [cur.value, fn];
  else cur.value[cur.value.length] = fn;
});
def(O.prototype, 'addListener', O.prototype.on);
def(O.prototype, 'prependListener', function (evt, fn) {
  var k = evKey(evt), cur = gopd(this, k);
  if (!cur) def(this, k, fn);
  else if (typeof cur.value === 'function') this[k] = [fn, cur.value];
  else cur.value.unshift(fn);
});
def(O.prototype, 'emit', function (evt) {
  var d = gopd(this, evKey(evt));
  if (!d) return;
  var a = args(arguments, 1), l = d.value;
  if (typeof l === 'function') N.queue(l, this, a);
  else if (l) for (var i = 0; i < l.length; i++) N.queue(l[i], this, a);
});
def(O.prototype, 'removeListener', function (evt, fn) {
  var k = evKey(evt), d = gopd(this, k);
  if (!d) return;
  var l = d.value;
  if (l === fn) { delete this[k]; return; }
  if (l && typeof l === 'object') {
    var i = l.indexOf(fn);
    if (i >= 0) l.splice(i, 1);
    if (l.length === 1) this[k] = l[0];
    else if (l.length === 0) delete this[k];
  }
});
def(O.prototype, 'removeAllListeners', function (evt) {
  if (evt !== undefined) { delete this[evKey(evt)]; return; }
  var ks = gopn(this);
  for (var i = 0; i < ks.length; i++) if (ks[i].indexOf('#on') === 0) delete this[ks[i]];
});

// ---------------------------------------------------------------- pins
function Pin(v) {
  var n = pinName(v);
  if (n === undefined) throw new Error('Invalid pin');
  return pinObj[n];
}
var pinObj = {}, pinList = [];
function pinName(v) {
  if (v instanceof Pin) return v.$n;
  if (typeof v === 'string') return pinObj[v] ? v : undefined;
  if (typeof v === 'number' && v >= 0 && v < pinList.length && (v | 0) === v) return pinList[v].$n;
  return undefined;
}
function needPin(v) { var n = pinName(v); if (n === undefined) throw new Error('Invalid pin'); return n; }
for (var pi = 0; pi < PINS.length; pi++) {
  var po = O.create(Pin.prototype);
  def(po, '$n', PINS[pi]);
  pinObj[PINS[pi]] = po;
  pinList[pi] = po;
  def(G, PINS[pi], po);
}
def(G, 'LED1', pinObj.B2); def(G, 'LED2', pinObj.B12); def(G, 'BTN1', pinObj.C13); def(G, 'BTN', pinObj.C13);
function toInt(v) { if (typeof v === 'boolean') return v ? -1 : 0; var n = Number(v); return n !== n ? 0 : (n < 0 ? Math.ceil(n) : Math.floor(n)); }
var PP = Pin.prototype;
def(PP, 'read', function () { return !!N.digitalRead(this.$n); });
def(PP, 'write', function (v) { N.digitalWrite(this.$n, !!v); });
def(PP, 'set', function () { N.digitalWrite(this.$n, true); });
def(PP, 'reset', function () { N.digitalWrite(this.$n, false); });
def(PP, 'toggle', function () { var v = !N.driven(this.$n); N.digitalWrite(this.$n, v); return v; });
def(PP, 'mode', function (m) { N.pinMode(this.$n, String(m)); });
def(PP, 'getMode', function () { return N.getPinMode(this.$n); });
def(PP, 'analog', function () { return N.analogRead(this.$n); });
def(PP, 'pwm', function (d, f) { N.analogWrite(this.$n, +d, +f || 0, false, false); });
def(PP, 'toString', function () { return this.$n; });
def(PP, 'toJSON', function () { return this.$n; });
def(PP, 'getInfo', function () { return JSON.parse(N.pinInfo(this.$n)); });
def(G, 'Pin', Pin);

def(G, 'digitalWrite', function (pin, value) {
  var v = toInt(value);
  if (Array.isArray(pin)) {
    for (var i = pin.length - 1; i >= 0; i--) { N.digitalWrite(needPin(pin[i]), (v & 1) !== 0); v = v >> 1; }
    return;
  }
  if (pin && typeof pin === 'object' && !(pin instanceof Pin)) {
    if (typeof pin.write === 'function') { pin.write(v); return; }
    throw new Error('Invalid pin');
  }
  N.digitalWrite(needPin(pin), v !== 0);
});
def(G, 'digitalRead', function (pin) {
  if (Array.isArray(pin)) {
    var v = 0;
    for (var i = 0; i < pin.length; i++) v = (v << 1) | N.digitalRead(needPin(pin[i]));
    return v;
  }
  if (pin && typeof pin === 'object' && !(pin instanceof Pin)) {
    if (typeof pin.read === 'function') return toInt(pin.read());
    throw new Error('Invalid pin');
  }
  return N.digitalRead(needPin(pin));
});
def(G, 'analogRead', function (pin) { return N.analogRead(needPin(pin)); });
def(G, 'analogWrite', function (pin, value, opts) {
  var f = 0, soft = false, force = false;
  if (opts && typeof opts === 'object') { f = +opts.freq || 0; force = !!opts.forceSoft; soft = !!opts.soft; }
  N.analogWrite(needPin(pin), +value, f, soft, force);
});
def(G, 'digitalPulse', function (pin, value, time) {
  var n = needPin(pin);
  if (typeof time === 'number') { N.digitalPulse(n, !!value, [time]); return; }
  if (time && typeof time.length === 'number') {
    var t = [];
    for (var i = 0; i < time.length; i++) t[i] = +time[i];
    N.digitalPulse(n, !!value, t);
    return;
  }
  throw new Error('Expecting Number or Array, got ' + typeof time);
});
def(G, 'pinMode', function (pin, mode) { N.pinMode(needPin(pin), mode === undefined ? 'auto' : String(mode)); });
def(G, 'getPinMode', function (pin) { return N.getPinMode(needPin(pin)); });

function toCallback(fn) {
  if (typeof fn === 'function') return fn;
  if (typeof fn === 'string') { var code = fn; return function () { return G.eval(code); }; }
  throw new Error('Function or String not supplied!');
}
def(G, 'setWatch', function (fn, pin, opts) {
  var n = pinName(pin);
  if (n === undefined) throw new Error('Invalid pin');
  var repeat = false, debounce = -1, edge = 0, edgeGiven = false;
  if (opts && typeof opts === 'object') {
    repeat = !!opts.repeat;
    if (opts.debounce !== undefined) { debounce = +opts.debounce; if (!(debounce >= 0)) debounce = 0; }
    var e = opts.edge;
    if (e !== undefined) {
      edgeGiven = true;
      if (typeof e === 'number') edge = e > 0 ? 1 : (e < 0 ? -1 : 0);
      else if (e === 'rising') edge = 1; else if (e === 'falling') edge = -1; else if (e === 'both') edge = 0;
      else throw new TypeError("'edge' in setWatch should be 1, -1, 0, 'rising', 'falling' or 'both'");
    }
  } else repeat = !!opts;
  return N.setWatch(toCallback(fn), n, repeat, edge, edgeGiven, debounce);
});
def(G, 'clearWatch', function (id) {
  if (arguments.length === 0) { N.clearWatch(); return; }
  if (id === undefined) throw new Error('clearWatch(undefined) not allowed. Use clearWatch() instead');
  N.clearWatch(id);
});

// ---------------------------------------------------------------- timers
def(G, 'setTimeout', function (fn, ms) { return N.setTimer(toCallback(fn), +ms, args(arguments, 2), false); });
def(G, 'setInterval', function (fn, ms) { return N.setTimer(toCallback(fn), +ms, args(arguments, 2), true); });
function clearer(kind) {
  return function (id) {
    if (arguments.length === 0) { N.clearTimer(); return; }
    if (id === undefined) throw new Error('clear' + kind + '(undefined) not allowed. Use clear' + kind + '() instead');
    N.clearTimer(id);
  };
}
def(G, 'clearTimeout', clearer('Timeout'));
def(G, 'clearInterval', clearer('Interval'));
def(G, 'changeInterval', function (id, ms) { N.changeInterval(id, +ms); });
def(G, 'getTime', function () { return N.getTime(); });
def(G, 'setTime', function (t) { N.setTime(+t); });

// ---------------------------------------------------------------- console & interpreter
def(G, 'print', function () { N.print(args(arguments)); });
var con = {};
['log', 'debug', 'info', 'warn', 'error'].forEach(function (k) { def(con, k, G.print); });
def(con, 'trace', function () { N.print(['Trace']); });
def(G, 'console', con);
def(G, 'global', G);
def(G, 'reset', function (clearFlash) { N.reset(!!clearFlash); });
def(G, 'load', function (file) { N.loadSaved(file === undefined ? undefined : String(file)); });
def(G, 'save', function () { N.save(); });
def(G, 'dump', function () { N.dump(); });
def(G, 'echo', function () {});
def(G, 'edit', function () {});
def(G, 'trace', function () {});
def(G, 'setBusyIndicator', function () {});
def(G, 'setSleepIndicator', function () {});
def(G, 'setDeepSleep', function (v) { N.setDeepSleep(!!v); });
def(G, 'getSerial', function () { return '33FFD605-41573033-15720843'; });
def(G, 'eval', function (code) { return typeof code === 'string' ? origEval(N.prepare(code)) : code; });
function Serial(name) { this.$name = name; }
def(Serial.prototype, 'setConsole', function () {});
def(Serial.prototype, 'setup', function () {});
def(Serial.prototype, 'print', function (s) { N.write(String(s)); });
def(Serial.prototype, 'println', function (s) { N.write(String(s) + '\r\n'); });
def(Serial.prototype, 'write', function (s) { N.write(String(s)); });
def(G, 'Serial', Serial);
def(G, 'USB', new Serial('USB'));
def(G, 'Serial1', new Serial('Serial1'));

// ---------------------------------------------------------------- Date / Math.random on the virtual clock
function nowMs() { return N.getTime() * 1000; }
var VDate = function Date(a, b, c, d, e, f, g) {
  if (!new.target) return new OrigDate(nowMs()).toString();
  return RC(OrigDate, arguments.length === 0 ? [nowMs()] : args(arguments), new.target);
};
VDate.prototype = OrigDate.prototype;
def(OrigDate.prototype, 'constructor', VDate);
def(VDate, 'now', function () { return nowMs(); });
def(VDate, 'parse', OrigDate.parse);
def(G, 'Date', VDate);
var seed = (SEED >>> 0) || 0x9e3779b9;
def(Math, 'random', function () {
  seed ^= seed << 13; seed >>>= 0; seed ^= seed >>> 17; seed ^= seed << 5; seed >>>= 0;
  return seed / 4294967296;
});

// ---------------------------------------------------------------- process
var proc = {};
def(proc, 'version', '2v29');
def(proc, 'env', { VERSION: '2v29', BUILD_DATE: 'Virtual', BUILD_TIME: 'Pico', GIT_COMMIT: 'virtual', BOARD: 'PICO', RAM: 98304, FLASH: 393216, SPIFLASH: 0, STORAGE: 49152, SERIAL: '33FFD605-41573033-15720843', CONSOLE: 'USB', MODULES: 'Flash,Storage,heatshrink,fs,net,dgram,tls,http,NetworkJS,crypto,neopixel', EXPTR: 536871268 });
def(proc, 'memory', function () {
  var m = N.memory();
  return { free: m.free, usage: m.usage, total: m.total, history: 0, gc: 0, gctime: 0, blocksize: m.blocksize, stackEndAddress: 536960632, stackFree: 20000, flash_start: 134217728, flash_binary_end: 134474812, flash_code_start: 134234112, flash_length: 393216 };
});
def(G, 'process', proc);

// ---------------------------------------------------------------- E
var E = {};
def(E, 'sum', function (arr) {
  var s = 0, i;
  if (typeof arr === 'string') { for (i = 0; i < arr.length; i++) s += arr.charCodeAt(i); return s; }
  if (arr instanceof ArrayBuffer) arr = new Uint8Array(arr);
  if (!(Array.isArray(arr) || isView(arr))) throw new Error('First argument must be Array, not ' + typeof arr);
  for (i = 0; i < arr.length; i++) { var v = arr[i]; if (v !== undefined) s += +v; }
  return s;
});
def(E, 'variance', function (arr, mean) {
  var s = 0, i, v;
  mean = +mean;
  if (typeof arr === 'string') { for (i = 0; i < arr.length; i++) { v = arr.charCodeAt(i) - mean; s += v * v; } return s; }
  if (arr instanceof ArrayBuffer) arr = new Uint8Array(arr);
  if (!(Array.isArray(arr) || isView(arr))) throw new Error('First argument must iterable, not ' + typeof arr);
  for (i = 0; i < arr.length; i++) { v = +arr[i] - mean; s += v * v; }
  return s;
});
def(E, 'clip', function (x, min, max) { x = +x; if (x < min) x = +min; if (x > max) x = +max; return x; });
def(E, 'interpolate', function (arr, i) {
  i = +i; var n = arr.length; if (!n) return 0;
  if (i < 0) i = 0; if (i > n - 1) i = n - 1;
  var a = Math.floor(i), b = Math.min(a + 1, n - 1), f = i - a;
  return arr[a] * (1 - f) + arr[b] * f;
});
def(E, 'getTemperature', function () { return N.getTemperature(); });
def(E, 'getAnalogVRef', function () { return 3.3; });
def(E, 'enableWatchdog', function (timeout, isAuto) { N.enableWatchdog(+timeout, isAuto === undefined ? true : !!isAuto); });
def(E, 'kickWatchdog', function () { N.kickWatchdog(); });
def(E, 'setFlags', function () {});
def(E, 'getFlags', function () { return { deepSleep: 0, pretokenise: 0, unsafeFlash: 0, unsyncFiles: 0, jitDebug: 0, unsafeTimers: 0 }; });
def(E, 'getErrorFlags', function () { return []; });
def(E, 'setConsole', function () {});
def(E, 'reboot', function () { N.reboot(); });
def(E, 'hwRand', function () { return (Math.random() * 4294967296) | 0; });
def(E, 'getSizeOf', function (v) { return N.sizeOf(v); });
def(E, 'setBootCode', function (code) { N.setBootCode(String(code === undefined ? '' : code)); });
def(E, 'toArrayBuffer', function (s) { var u = new Uint8Array(s.length); for (var i = 0; i < s.length; i++) u[i] = s.charCodeAt(i); return u.buffer; });
def(E, 'toString', function () {
  var s = '';
  for (var i = 0; i < arguments.length; i++) s += toBinary(arguments[i]);
  return s;
});
def(E, 'toUint8Array', function () {
  var out = [];
  function add(v) {
    if (typeof v === 'number') out[out.length] = v & 255;
    else if (typeof v === 'string') { for (var i = 0; i < v.length; i++) out[out.length] = v.charCodeAt(i) & 255; }
    else if (v instanceof ArrayBuffer) add(new Uint8Array(v));
    else if (v && typeof v === 'object' && typeof v.count === 'number' && 'data' in v) { for (var c = 0; c < v.count; c++) add(v.data); }
    else if (v && typeof v.length === 'number') { for (var j = 0; j < v.length; j++) add(v[j]); }
  }
  for (var i = 0; i < arguments.length; i++) add(arguments[i]);
  return new Uint8Array(out);
});
def(G, 'E', E);

// ---------------------------------------------------------------- Storage
function toBinary(d) {
  if (typeof d === 'string') return d;
  if (d instanceof ArrayBuffer) d = new Uint8Array(d);
  if (Array.isArray(d) || isView(d)) {
    var u = isView(d) && !(d instanceof DataView) ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength) : d;
    var s = '';
    for (var i = 0; i < u.length; i++) s += String.fromCharCode(u[i] & 255);
    return s;
  }
  if (d && typeof d === 'object') return JSON.stringify(d);
  return String(d);
}
function jsonW(v) {
  if (v === null) return 'null';
  var t = typeof v;
  if (t === 'number') return isFinite(v) ? String(v) : 'null';
  if (t === 'boolean') return String(v);
  if (t === 'string') return JSON.stringify(v);
  if (t === 'function' || t === 'undefined') return undefined;
  if (typeof v.toJSON === 'function') return jsonW(v.toJSON());
  var parts = [], i;
  if (Array.isArray(v) || isView(v)) {
    for (i = 0; i < v.length; i++) { var e = jsonW(v[i]); parts[parts.length] = e === undefined ? 'null' : e; }
    return '[' + parts.join(',') + ']';
  }
  var ks = O.keys(v);
  for (i = 0; i < ks.length; i++) {
    var w = jsonW(v[ks[i]]);
    if (w !== undefined) parts[parts.length] = (ID_RE.test(ks[i]) ? ks[i] : JSON.stringify(ks[i])) + ':' + w;
  }
  return '{' + parts.join(',') + '}';
}
var Storage = {};
def(Storage, 'write', function (name, data, offset, size) {
  var isObj = data !== null && typeof data === 'object' && !Array.isArray(data) && !isView(data) && !(data instanceof ArrayBuffer);
  return N.stWrite(String(name), toBinary(data), isObj ? 0 : toInt(offset), isObj ? 0 : toInt(size));
});
def(Storage, 'writeJSON', function (name, data) { return N.stWrite(String(name), jsonW(data) || '', 0, 0); });
def(Storage, 'read', function (name, offset, length) { return N.stRead(String(name), toInt(offset), toInt(length)); });
def(Storage, 'readJSON', function (name, noExceptions) {
  var s = N.stRead(String(name), 0, 0);
  if (s === undefined) return undefined;
  try { return origEval('(' + s + '\n)'); }
  catch (e) { if (noExceptions) return undefined; throw new SyntaxError('Invalid JSON in ' + name); }
});
def(Storage, 'readArrayBuffer', function (name) {
  var s = N.stRead(String(name), 0, 0);
  return s === undefined ? undefined : E.toArrayBuffer(s);
});
def(Storage, 'erase', function (name) { N.stErase(String(name)); });
def(Storage, 'eraseAll', function () { N.stEraseAll(); });
def(Storage, 'list', function (regex, filter) {
  var a = N.stList(), r = [];
  for (var i = 0; i < a.length; i++) if (!regex || String(a[i]).match(regex)) r[r.length] = a[i];
  return r;
});
def(Storage, 'getFree', function () { return N.stGetFree(); });
def(Storage, 'getStats', function () { var s = N.stGetStats(); return { totalBytes: s.totalBytes, freeBytes: s.freeBytes, fileBytes: s.fileBytes, fileCount: s.fileCount, trashBytes: s.trashBytes, trashCount: s.trashCount }; });
def(Storage, 'compact', function () { N.stCompact(); });
def(Storage, 'open', function () { throw new Error('Storage.open (StorageFile) is not implemented in the Virtual Pico'); });
var BOARD_MODULES = ['timer', 'Flash', 'heatshrink', 'fs', 'net', 'dgram', 'tls', 'http', 'NetworkJS', 'crypto', 'neopixel'];
def(G, 'require', function (name) {
  name = String(name);
  if (name === 'Storage') return Storage;
  if (BOARD_MODULES.indexOf(name) >= 0) throw new Error('Module ' + name + ' is on the Pico but not implemented in the Virtual Pico');
  throw new Error('Module ' + name + ' not found');
});

// ---------------------------------------------------------------- Waveform
function Waveform(samples, options) {
  var n, buf;
  if (typeof samples === 'number' || (typeof samples === 'string' && samples !== '' && +samples === +samples)) {
    n = toInt(samples);
    if (n <= 0) throw new Error('Samples must be greater than 0');
  } else if (samples instanceof ArrayBuffer) { buf = samples; n = samples.byteLength; }
  else throw new Error("'samples' should be a integer or ArrayBuffer");
  var dbl = false, b16 = false;
  if (options && typeof options === 'object') {
    dbl = !!options.doubleBuffer;
    var bits = toInt(options.bits);
    if (bits !== 0 && bits !== 8 && bits !== 16) throw new Error('Invalid number of bits');
    b16 = bits === 16;
  } else if (options !== undefined) throw new Error('Expecting options to be undefined or an Object, not ' + typeof options);
  var T = b16 ? Uint16Array : Uint8Array;
  this.buffer = buf ? new T(buf) : new T(n);
  if (dbl) this.buffer2 = new T(n);
}
function wfStart(wf, pin, freq, opts, output) {
  var t, repeat = false;
  if (opts && typeof opts === 'object') { t = +opts.time; repeat = !!opts.repeat; }
  N.wfStart(wf, pinName(pin), +freq, repeat, t, output);
}
def(Waveform.prototype, 'startInput', function (pin, freq, opts) { wfStart(this, pin, freq, opts, false); });
def(Waveform.prototype, 'startOutput', function (pin, freq, opts) { wfStart(this, pin, freq, opts, true); });
def(Waveform.prototype, 'stop', function () { N.wfStop(this); });
def(G, 'Waveform', Waveform);

// ---------------------------------------------------------------- make the context Espruino-shaped
var ACCESSOR_SKIP = { 'Object.prototype.hasOwnProperty': 1 };
function patchProto(path) {
  var p = path.split('.');
  if (p.length !== 3 || p[1] !== 'prototype' || ACCESSOR_SKIP[path]) return;
  var C = G[p[0]];
  if (!C || !C.prototype) return;
  var proto = C.prototype, name = p[2], d = gopd(proto, name);
  if (!d || typeof d.value !== 'function') return;
  var fn = d.value;
  defProp(proto, name, {
    configurable: true, enumerable: false,
    get: function () { return this === proto ? undefined : fn; },
    set: function (v) {
      if (this === null || (typeof this !== 'object' && typeof this !== 'function')) return;
      defProp(this, name, { value: v, writable: true, configurable: true, enumerable: this !== proto });
    }
  });
}
var KEEP_MISSING = { 'RegExp.prototype.flags': 1, 'RegExp.prototype.global': 1, 'RegExp.prototype.ignoreCase': 1, 'RegExp.prototype.multiline': 1, 'RegExp.prototype.sticky': 1, 'RegExp.prototype.unicode': 1, 'RegExp.prototype.unicodeSets': 1, 'RegExp.prototype.dotAll': 1, 'RegExp.prototype.hasIndices': 1 };
var i;
// nested names first, while their owners still exist
for (i = 0; i < MISSING.length; i++) {
  var parts = MISSING[i].split('.');
  if (parts.length < 2 || KEEP_MISSING[MISSING[i]]) continue;
  var owner = G[parts[0]];
  for (var j = 1; owner && j < parts.length - 1; j++) owner = owner[parts[j]];
  if (owner) { try { delete owner[parts[parts.length - 1]]; } catch (e) {} }
}
var keep = { undefined: 1, NaN: 1, Infinity: 1, globalThis: 1, global: 1, '$__vpS': 1, '$__vpI': 1, '$__vpO': 1, InternalError: 1 };
for (i = 0; i < PRESENT.length; i++) if (PRESENT[i].indexOf('.') < 0) keep[PRESENT[i]] = 1;
var ESPRUINO = ['Pin', 'digitalWrite', 'digitalRead', 'analogRead', 'analogWrite', 'digitalPulse', 'pinMode', 'getPinMode', 'setWatch', 'clearWatch', 'changeInterval', 'getTime', 'setTime', 'print', 'reset', 'load', 'save', 'dump', 'echo', 'edit', 'trace', 'setBusyIndicator', 'setSleepIndicator', 'setDeepSleep', 'getSerial', 'Serial', 'USB', 'Serial1', 'process', 'E', 'require', 'Waveform', 'LED1', 'LED2', 'BTN1', 'BTN'];
for (i = 0; i < ESPRUINO.length; i++) keep[ESPRUINO[i]] = 1;
for (i = 0; i < PINS.length; i++) keep[PINS[i]] = 1;
var gnames = gopn(G);
for (i = 0; i < gnames.length; i++) if (!keep[gnames[i]]) { try { delete G[gnames[i]]; } catch (e) {} }
for (i = 0; i < PRESENT.length; i++) patchProto(PRESENT[i]);

return {
  setLoading: function (v) { loading = v; },
  sites: function () { return sites; },
  Error: Error, TypeError: TypeError, SyntaxError: SyntaxError, ReferenceError: ReferenceError,
  Pin: Pin,
  E: E,
  process: proc,
  emit: function (obj, evt, a) { RA(O.prototype.emit, obj, [evt].concat(a || [])); },
  listeners: function (obj, evt) { var d = gopd(obj, evKey(evt)); return d ? d.value : undefined; },
  Storage: Storage,
  watchEvent: function (state, time, lastTime, pin) { return { state: state, time: time, lastTime: lastTime, pin: pinObj[pin] }; },
  keys: function () { return keep; }
};
})`;
