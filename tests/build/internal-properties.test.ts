// The build shortens the names in tools/build/internal-properties.ts. A name that is also a key
// the outside world reads (the stored configuration, hand.status()) would be renamed there too,
// and the board would reject its own configuration: this keeps the two lists apart.
import { INTERNAL_PROPERTIES } from '../../tools/build/internal-properties';
import { defaultConfig } from '../../firmware/config/defaults';
import { bootOn } from '../firmware/boot';

function keysOf(v: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(v)) v.forEach((x) => keysOf(x, into));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) into.add(k), keysOf(x, into);
  return into;
}

test('no shortened name is a configuration key or a key of hand.status()', () => {
  const h = bootOn();
  const outside = keysOf(h.hand.status(), keysOf(defaultConfig(), new Set()));
  expect(INTERNAL_PROPERTIES.filter((p) => outside.has(p))).toEqual([]);
});

test("no shortened name is an option or event field Espruino's natives read", () => {
  // new Waveform(n, {bits}), startInput(pin, hz, {repeat}), analogWrite(pin, duty, {freq, soft}),
  // setWatch(fn, pin, {repeat, edge, debounce}) and its event {state, time}: renamed, the board
  // would ignore them (a mangled "bits" once made every EMG reading 8-bit and near zero).
  const natives = ['bits', 'repeat', 'freq', 'soft', 'edge', 'debounce', 'state', 'time', 'forceSoft'];
  expect(INTERNAL_PROPERTIES.filter((p) => natives.includes(p))).toEqual([]);
});

