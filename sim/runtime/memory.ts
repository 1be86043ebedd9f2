// An honest estimate of how many Espruino variables ("JsVars", one block each) the firmware's
// state would take on a Pico. The Pico build has 5,100 variables; with <= 8191 variables
// Espruino uses 13-bit references, so (src/jsutils.h, 32-bit build):
//   - a property/element NAME holds 4 characters inline (JSVAR_DATA_STRING_NAME_LEN); longer
//     names need one extension block per further 9 characters (JSVAR_DATA_STRING_MAX_LEN);
//   - a STRING value holds 8 characters in its first block, then 9 per extension block;
//   - a name with a small-integer/boolean value is packed into ONE block when the name is an
//     array index or fits inline (JSV_NAME_INT_INT / JSV_NAME_STRING_INT); otherwise name + value;
//   - floats, null and other values take a block of their own;
//   - an object/array/function is one block plus its properties; a function adds one block for
//     its code reference (code uploaded to RAM is counted separately, see below);
//   - a typed array is one block for the view, one for the ArrayBuffer, plus its bytes stored as
//     a string (8 + 9/block) - the compact representation FACTS.md mentions.
// What is walked (each object once):
//   - properties the firmware added to the global object;
//   - closure variables of registered scopes (source.ts instruments functions that create
//     closures; see prelude.ts for which scope instances are kept);
//   - timers (about 6 blocks each plus callback/arguments), watches (about 8 each), queued events,
//     running Waveforms (held by the interpreter even when the firmware drops them);
//   - event listeners stored on built-in objects (E.on('init', ...)).
// Built-ins (everything that existed before the firmware ran) cost nothing: they live in flash.
// Plus: BASE_VARS for the interpreter's own root objects, and the code text held in RAM when the
// script was uploaded to RAM rather than saved to flash (persistent function text / 9 per block;
// while the upload executes the whole source line is held, which is what load() checks).

export const BASE_VARS = 40;
export const NAME_INLINE = 4;
export const STRING_FIRST = 8;
export const STRING_EXT = 9;

export function stringVars(len: number): number {
  return len <= STRING_FIRST ? 1 : 1 + Math.ceil((len - STRING_FIRST) / STRING_EXT);
}
function nameVars(len: number): number {
  return len <= NAME_INLINE ? 1 : 1 + Math.ceil((len - NAME_INLINE) / STRING_EXT);
}
function isPacked(v: unknown): boolean {
  return typeof v === 'boolean' || (typeof v === 'number' && (v | 0) === v && !Object.is(v, -0));
}

const TYPED_TAGS = new Set(['Uint8Array', 'Int8Array', 'Uint16Array', 'Int16Array', 'Uint32Array', 'Int32Array', 'Float32Array', 'Float64Array', 'Uint8ClampedArray', 'DataView']);
const SKIP_FUNCTION_PROPS = new Set(['length', 'name', 'prototype', 'arguments', 'caller']);

export class MemoryWalker {
  private seen = new Set<object>();
  count = 0;

  constructor(
    private isBuiltin: (o: object) => boolean,
    private limit = Infinity,
  ) {}

  /** Cost of one named slot holding `v` (name given as length, or -1 for an array index). */
  slot(nameLen: number, v: unknown): void {
    if (this.count > this.limit) return;
    const nv = nameLen < 0 ? 1 : nameVars(nameLen);
    if (v === undefined) {
      this.count += nv;
      return;
    }
    if (isPacked(v) && (nameLen < 0 || nameLen <= NAME_INLINE)) {
      this.count += 1;
      return;
    }
    this.count += nv;
    this.value(v);
  }

  /** Cost of a value not counting the name that holds it. */
  value(v: unknown): void {
    if (v === undefined) return;
    if (v === null || typeof v === 'number' || typeof v === 'boolean') {
      this.count += 1;
      return;
    }
    if (typeof v === 'string') {
      this.count += stringVars(v.length);
      return;
    }
    if (typeof v !== 'object' && typeof v !== 'function') {
      this.count += 1;
      return;
    }
    const o = v as object;
    if (this.seen.has(o) || this.isBuiltin(o)) return;
    this.seen.add(o);
    const tag = Object.prototype.toString.call(o).slice(8, -1);
    if (TYPED_TAGS.has(tag)) {
      const view = o as ArrayBufferView;
      this.count += 1;
      const buf = view.buffer;
      if (!this.seen.has(buf)) {
        this.seen.add(buf);
        this.count += 1 + stringVars(buf.byteLength);
      }
      return;
    }
    if (tag === 'ArrayBuffer') {
      this.count += 1 + stringVars((o as ArrayBuffer).byteLength);
      return;
    }
    this.count += typeof o === 'function' ? 2 : 1;
    if (Array.isArray(o)) {
      const a = o as unknown[];
      for (let i = 0; i < a.length && this.count <= this.limit; i++) {
        if (i in a) this.slot(-1, a[i]);
      }
      for (const k of Object.keys(a)) {
        if (!/^\d+$/.test(k)) this.prop(o, k);
      }
    } else {
      let names: string[];
      try {
        names = Object.getOwnPropertyNames(o);
      } catch {
        return;
      }
      const fn = typeof o === 'function';
      for (const k of names) {
        if (this.count > this.limit) break;
        if (fn && SKIP_FUNCTION_PROPS.has(k)) continue;
        if (k === 'constructor') continue;
        this.prop(o, k);
      }
      if (fn) {
        // a function's prototype object only exists on Espruino once something is put on it
        const d = Object.getOwnPropertyDescriptor(o, 'prototype');
        if (d && d.value && typeof d.value === 'object') {
          const own = Object.getOwnPropertyNames(d.value).filter((k) => k !== 'constructor');
          if (own.length) this.slot(9, d.value);
        }
      } else {
        const proto = Object.getPrototypeOf(o);
        if (proto && !this.isBuiltin(proto) && !this.seen.has(proto)) this.value(proto);
      }
    }
  }

  private prop(o: object, k: string): void {
    const d = Object.getOwnPropertyDescriptor(o, k);
    if (!d) return;
    if ('value' in d) this.slot(/^\d+$/.test(k) ? -1 : k.length, d.value);
    else this.count += nameVars(k.length) + 1; // getter/setter pair
  }
}
