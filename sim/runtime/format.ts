// Console formatting the way Espruino prints: print("a", 1) -> "a 1"; objects JSON-ish with spaces
// (`{ "a": 1, "b": [ 1, 2 ] }`), and uncaught errors as "Uncaught Error: message" with V8's wording
// mapped to Espruino's for the common cases.

export type PinNamer = (v: unknown) => string | undefined;

const TYPED_NAMES = ['Uint8Array', 'Int8Array', 'Uint16Array', 'Int16Array', 'Uint32Array', 'Int32Array', 'Float32Array', 'Float64Array', 'Uint8ClampedArray'];

function typeTag(v: object): string {
  return Object.prototype.toString.call(v).slice(8, -1);
}

export function formatValue(v: unknown, pinName: PinNamer, depth = 0, seen: Set<object> = new Set()): string {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  const t = typeof v;
  if (t === 'string') return depth === 0 ? (v as string) : JSON.stringify(v);
  if (t === 'number') return formatNumber(v as number);
  if (t === 'boolean') return String(v);
  if (t === 'function') {
    return 'function () { [code] }';
  }
  if (t !== 'object') return String(v);
  const o = v as Record<string, unknown>;
  const pn = pinName(o);
  if (pn) return pn;
  if (seen.has(o)) return '{ ... }';
  if (depth > 6) return '{ ... }';
  seen.add(o);
  try {
    const tag = typeTag(o);
    if (TYPED_NAMES.includes(tag)) {
      const arr = Array.prototype.slice.call(o as unknown as ArrayLike<number>) as number[];
      return `new ${tag}([${arr.map(formatNumber).join(', ')}])`;
    }
    if (tag === 'ArrayBuffer') {
      const arr = Array.from(new Uint8Array(o as unknown as ArrayBuffer));
      return `new Uint8Array([${arr.join(', ')}]).buffer`;
    }
    if (tag === 'Error') {
      return errorText(o);
    }
    if (tag === 'Date') return `Date: ${(o as unknown as Date).toString()}`;
    if (Array.isArray(o)) {
      if (o.length === 0) return '[  ]';
      const parts: string[] = [];
      for (let i = 0; i < o.length; i++) parts.push(formatValue(o[i], pinName, depth + 1, seen));
      return `[ ${parts.join(', ')} ]`;
    }
    const keys = Object.keys(o);
    if (keys.length === 0) return '{  }';
    return `{ ${keys.map((k) => `${JSON.stringify(k)}: ${formatValue(o[k], pinName, depth + 1, seen)}`).join(', ')} }`;
  } finally {
    seen.delete(o);
  }
}

export function formatNumber(n: number): string {
  return String(n);
}

export function formatArgs(args: unknown[], pinName: PinNamer): string {
  return args.map((a) => formatValue(a, pinName)).join(' ');
}

/** V8 messages rewritten to the wording Espruino prints for the same mistake. */
export function espruinoMessage(msg: string): string {
  let m: RegExpMatchArray | null;
  if ((m = msg.match(/^Cannot read properties of (undefined|null) \(reading '(.*)'\)$/))) return `Can't read property '${m[2]}' of ${m[1]}`;
  if ((m = msg.match(/^Cannot set properties of (undefined|null) \(setting '(.*)'\)$/))) return `Can't write property '${m[2]}' of ${m[1]}`;
  if ((m = msg.match(/^([\w$.]+) is not defined$/))) return `"${m[1]}" is not defined`;
  return msg;
}

/** "Error: message" for an error from any realm. */
export function errorText(e: unknown): string {
  if (e && typeof e === 'object') {
    const o = e as { name?: unknown; message?: unknown; constructor?: { name?: unknown } };
    let name = typeof o.name === 'string' && o.name ? o.name : undefined;
    if (!name && o.constructor && typeof o.constructor.name === 'string') name = o.constructor.name;
    if ('message' in o) return `${name ?? 'Error'}: ${espruinoMessage(String(o.message))}`;
  }
  return String(e);
}
