// How Espruino 2v29 prints a value after `=` at the console: jsfPrintJSON(v, JSON_LIMIT |
// JSON_SOME_NEWLINES | JSON_PRETTY | JSON_SHOW_DEVICES | JSON_SHOW_OBJECT_NAMES |
// JSON_DROP_QUOTES), ported from src/jswrap_json.c (jsfGetJSONWithCallback) and the number
// formatting from src/jsutils.c (ftoa_bounded_extra). Checked against the Linux build of 2v29:
//   ={ a: 1, \n  b: "x", \n  c: [ 1, 2 ], \n  d: { e: null }\n }     =[ 1, 2, 3, 4, 5,  ... 13, 14, 15, 16, 17 ]
//   =0.33333333333   =10e+20   =new Uint8Array([1, 2])   =function () { ... }
// Newlines here are plain "\n"; the console turns them into "\r\n".

const LIMIT_AMOUNT = 15; // arrays longer than this are shortened
const LIMITED_AMOUNT = 5; // items shown at each end when shortened
const LIMIT_STRING_AMOUNT = 60;
const LIMITED_STRING_AMOUNT = 27;
const ITEMS_ON_LINE_OBJECT = 4;
const LIMIT_TEXT = ' ... ';
const WS = '  ';

const TYPED = ['Uint8Array', 'Int8Array', 'Uint16Array', 'Int16Array', 'Uint32Array', 'Int32Array', 'Float32Array', 'Float64Array', 'Uint8ClampedArray'];

/** Espruino's number to string: integers as such, floats with at most 11 fractional digits. */
export function espruinoNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) <= 0x7fffffff) return String(n === 0 ? 0 : n);
  return ftoa(n);
}

function ftoa(val: number): string {
  const stopAtError = 0.0000001;
  if (Number.isNaN(val)) return 'NaN';
  if (!Number.isFinite(val)) return val < 0 ? '-Infinity' : 'Infinity';
  let s = '';
  if (val < 0) {
    s = '-';
    val = -val;
  }
  let exponent = 0;
  if (val > 0) {
    if (val >= 1e21) {
      while (val > 100000) {
        val /= 100000;
        exponent += 5;
      }
      while (val > 10) {
        val /= 10;
        exponent++;
      }
    } else if (val < 1e-6) {
      while (val < 1e-5) {
        val *= 100000;
        exponent -= 5;
      }
      while (val < 1) {
        val *= 10;
        exponent--;
      }
    }
  }
  // (int32 casts on the Pico: only meaningful below 2^31)
  if (val < 0x7fffffff && Math.trunc(val + stopAtError) === 1 + Math.trunc(val)) val = 1 + Math.trunc(val);
  let d = 1;
  while (d * 10 <= val) d *= 10;
  while (d >= 1) {
    const v = Math.trunc(val / d);
    val -= v * d;
    s += String(v);
    d /= 10;
  }
  if (val > 0) {
    let digits = -1;
    let hasPt = false;
    val *= 10;
    while (digits > -12 && val > stopAtError) {
      let v = Math.trunc(val + 0.00000001);
      val = (val - v) * 10;
      if (v === 10) v = 9;
      if (!hasPt) {
        hasPt = true;
        s += '.';
      }
      s += String(v);
      digits--;
    }
  }
  if (exponent) s += 'e' + (exponent > 0 ? '+' : '') + exponent;
  return s;
}

/** Espruino's "%q": a double-quoted string with \n, \", \\ and \xNN escapes. */
function quote(s: string): string {
  let r = '"';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (ch === '"') r += '\\"';
    else if (ch === '\\') r += '\\\\';
    else if (ch === '\n') r += '\\n';
    else if (ch === '\r') r += '\\r';
    else if (ch === '\t') r += '\\t';
    else if (c < 32 || (c >= 127 && c < 256)) r += '\\x' + c.toString(16).padStart(2, '0').toUpperCase();
    else r += ch;
  }
  return r + '"';
}

function isIdString(s: string): boolean {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(s);
}

function needsNewLine(v: unknown): boolean {
  return !(v === undefined || v === null || typeof v === 'number' || typeof v === 'boolean');
}

function tagOf(v: object): string {
  return Object.prototype.toString.call(v).slice(8, -1);
}

export type DeviceNamer = (v: object) => string | undefined;

/** The text after `=` for a console result. */
export function espruinoConsoleJSON(v: unknown, deviceName: DeviceNamer = () => undefined): string {
  let out = '';
  const emit = (s: string) => {
    out += s;
  };
  const seen = new Set<object>();
  const newLine = (indent: number) => {
    emit('\n' + WS.repeat(indent));
  };

  const objectItems = (o: Record<string, unknown>, keys: string[], indent: number, first: boolean): boolean => {
    let needNewLine = false;
    let sinceNewLine = 0;
    for (const k of keys) {
      const d = Object.getOwnPropertyDescriptor(o, k);
      if (!d || !('value' in d)) continue; // getters/setters are hidden
      const item = d.value;
      sinceNewLine++;
      if (!first) emit(', ');
      const newNeeds = needsNewLine(item);
      if (sinceNewLine > ITEMS_ON_LINE_OBJECT) needNewLine = true;
      if (needNewLine || newNeeds) {
        newLine(indent + 1);
        needNewLine = false;
        sinceNewLine = 0;
      }
      const bare = /^\d+$/.test(k) || (k.length < 63 && isIdString(k));
      emit((bare ? k : quote(k)) + ': ');
      first = false;
      value(item, indent + 1);
      needNewLine = newNeeds;
    }
    return needNewLine;
  };

  const value = (x: unknown, indent: number): void => {
    if (x === undefined) return emit('undefined');
    if (x === null) return emit('null');
    if (typeof x === 'number') return emit(espruinoNumber(x));
    if (typeof x === 'boolean') return emit(String(x));
    if (typeof x === 'string') {
      if (x.length > LIMIT_STRING_AMOUNT) return emit(quote(x.slice(0, LIMITED_STRING_AMOUNT)) + LIMIT_TEXT + quote(x.slice(-LIMITED_STRING_AMOUNT)));
      return emit(quote(x));
    }
    if (typeof x === 'function') {
      let params = '';
      try {
        const m = /^[^(]*\(([^)]*)\)/.exec(Function.prototype.toString.call(x));
        if (m) params = m[1].replace(/\s+/g, '');
      } catch {
        // native or odd function: no parameter list
      }
      return emit(`function (${params}) {${LIMIT_TEXT}}`);
    }
    if (typeof x !== 'object') return emit(String(x));
    const o = x as Record<string, unknown>;
    if (seen.has(o)) return emit(LIMIT_TEXT);
    const dev = deviceName(o);
    if (dev) return emit(dev);
    seen.add(o);
    try {
      const tag = tagOf(o);
      if (TYPED.includes(tag) || tag === 'ArrayBuffer') {
        const arr = Array.from(tag === 'ArrayBuffer' ? new Uint8Array(o as unknown as ArrayBuffer) : (o as unknown as ArrayLike<number>));
        const name = tag === 'ArrayBuffer' ? 'Uint8Array' : tag;
        if (arr.every((n) => n === 0)) return emit(`new ${tag}(${arr.length})`);
        const limited = arr.length > LIMIT_AMOUNT;
        const parts: string[] = [];
        arr.forEach((n, i) => {
          if (limited && i >= LIMITED_AMOUNT && i < arr.length - LIMITED_AMOUNT) return;
          parts.push((limited && i === arr.length - LIMITED_AMOUNT ? LIMIT_TEXT : '') + espruinoNumber(n));
        });
        return emit(`new ${name}([${parts.join(', ')}])${tag === 'ArrayBuffer' ? '.buffer' : ''}`);
      }
      if (Array.isArray(o)) {
        const length = o.length;
        const limited = length > LIMIT_AMOUNT;
        let needNewLine = false;
        let first = true;
        emit('[ ');
        for (let i = 0; i < length; i++) {
          if (limited && i >= LIMITED_AMOUNT && i < length - LIMITED_AMOUNT) continue;
          if (!first) emit(', ');
          first = false;
          if (limited && i === length - LIMITED_AMOUNT) emit(LIMIT_TEXT);
          const item = o[i];
          const newNeeds = needsNewLine(item);
          if (needNewLine || newNeeds) {
            newLine(indent + 1);
            needNewLine = false;
          }
          value(item, indent + 1);
          needNewLine = newNeeds;
        }
        const extra = Object.keys(o).filter((k) => !/^\d+$/.test(k));
        if (extra.length) needNewLine = objectItems(o, extra, indent, first) || needNewLine;
        if (needNewLine) newLine(indent);
        return emit(' ]');
      }
      if (tag === 'Error') {
        const e = o as unknown as { name?: string; message?: string };
        const name = e.name ?? 'Error';
        return emit(`${name}: ${name}: ${e.message ?? ''}`);
      }
      emit('{ ');
      const needNewLine = objectItems(o, Object.keys(o), indent, true);
      if (needNewLine) newLine(indent);
      emit(' }');
    } finally {
      seen.delete(o);
    }
  };
  value(v, 0);
  return out;
}
