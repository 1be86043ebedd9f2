// Checks a configuration document against schema.ts and reports every problem, each with its
// path: `fingers[2].maxPulseUs: 3100 is above 2500`. Runs on the Pico at boot and before a
// save (never per tick), and on the desktop in tools/config/validate.ts.

import { configSchema, CONTROL_MODES } from './schema';
import { pinProblem } from './pins';
import { versionProblem } from './version';
import { inward } from './names';
import { GRIP_NAMES, checkGrip } from '../core/grips';
import { isArray, toJson } from '../core/natives';

const show = toJson;

/**
 * What one validation collects. (Plain functions with this record, not closures: a closure keeps
 * its whole scope, the document included, alive for as long as it lives.)
 */
interface Ctx {
  errors: string[];
  /** What took each pin (any use) and each name (within its list: the path before "["). */
  taken: any;
  fingerCount: number;
}

function say(x: Ctx, path: string, message: string): void {
  x.errors.push(path ? path + ': ' + message : message);
}

/** Checks v against rule or subtree s; `parent` is the object holding v. */
function check(x: Ctx, s: any, v: any, path: string, parent?: any): void {
  const kind = typeof s == 'string' ? s[0] : isArray(s) ? 'l' : 'o';
  // The JSON type each kind of rule takes, as a letter: l(ist) o(bject) n(umber) b(oolean);
  // the other kinds (-1 here) take a s(tring). Then v's type, the same way. (No negative
  // string index: Espruino's strings may count one from the end.)
  const k = 'lkonib'.indexOf(kind);
  const want = k < 0 ? 's' : 'llonnb'[k];
  const type = isArray(v) ? 'l' : v === null ? '' : (typeof v)[0];
  // What is wrong with v, if anything, said after it.
  let wrong = '';
  if (type != want || (type == 'n' && !isFinite(v))) {
    wrong = 'is not ' + ('a list,a list,an object,a number,a number,true or false'.split(',')[k] || 'a string');
  } else if (kind == 'l') {
    if (v.length < s[1] || v.length > s[2]) say(x, path, 'has ' + v.length + ' items, allowed ' + s[1] + '..' + s[2]);
    for (let i = 0; i < v.length; i++) check(x, s[0], v[i], path + '[' + i + ']');
  } else if (kind == 'o') {
    for (const key in s) {
      const p = path ? path + '.' + key : key;
      if (v[key] === undefined) say(x, p, 'missing');
      else check(x, s[key], v[key], p, v);
    }
    for (const key in v) if (!s.hasOwnProperty(key)) say(x, path, 'unknown key "' + key + '"');
  } else if (kind == 'k') {
    // checkGrip says "keys[1][0]: ..." of a whole grip: keep what follows "keys".
    const e = checkGrip({ name: 'k', keys: v }, x.fingerCount);
    for (let i = 0; i < e.length; i++) x.errors.push(path + e[i].slice(4));
  } else {
    // A number's min, max and the field it must be below; an enum's values.
    const r = s.slice(1).split(',');
    if (want == 'n') {
      // (A field to be below that is not a number is reported where it is.)
      const below = r[2] && parent[r[2]];
      wrong =
        kind == 'i' && v % 1
          ? 'is not a whole number'
          : v < +r[0]
            ? 'is below ' + +r[0]
            : v > +r[1]
              ? 'is above ' + +r[1]
              : typeof below == 'number' && !(v < below)
                ? 'must be below ' + r[2] + ' (' + below + ')'
                : '';
    } else if (kind == 'e') {
      if (!r.includes(v)) wrong = 'is not one of ' + r.join(', ');
    } else if (kind != 'b') {
      // A name ("w") or a pin ("a", "p"); either must be unused so far.
      const key = kind == 'w' ? path.split('[')[0] + v : v;
      wrong = kind != 'w' ? pinProblem(v, kind) : v.length && v.length < 13 ? '' : 'is not 1..12 characters';
      if (!wrong) {
        if (x.taken[key]) wrong = 'is used by ' + x.taken[key] + ' already';
        else x.taken[key] = path;
      }
    }
  }
  if (wrong) say(x, path, show(v) + ' ' + wrong);
}


/** Every problem with a current-version document; [] when it is a valid Config. */
export function validateConfig(doc: any): string[] {
  // The rules between fields read the document with the bundle's short names (names.ts).
  const c = inward(doc || {});
  const x: Ctx = { errors: [], taken: {}, fingerCount: isArray(c.fingers) ? c.fingers.length : 5 };
  // User grips must not take a built-in grip's name either.
  for (const g of GRIP_NAMES) x.taken['grips.user' + g] = 'a built-in grip';
  check(x, configSchema(), doc, '');

  // Rules between fields. Each looks only at fields of the right kind (their own errors are
  // reported already).
  const mode = c.control && c.control.mode;
  if (CONTROL_MODES.split(',').includes(mode) && isArray(c.emg)) {
    // The one-site modes take one site; position and flex-mirror one or two.
    const need = mode == 'two-site' ? 2 : mode[0] == 'o' ? 1 : 0;
    if (need && c.emg.length != need) say(x, 'emg', 'mode ' + mode + ' needs ' + need + ' site(s), not ' + c.emg.length);
  }
  // The flex calibration: none, or a pin and two readings per finger that tell straight from bent.
  const fx = c.flex || {};
  const st = fx.straight;
  const be = fx.bent;
  const n = x.fingerCount;
  if (isArray(st) && isArray(be) && isArray(c.flexPins) && (st.length || be.length || mode == 'flex-mirror')) {
    if (st.length != n || be.length != n || c.flexPins.length != n) say(x, 'flex', 'needs a pin, straight and bent per finger: hand.flex()');
    else for (let i = 0; i < n; i++) if (!(Math.abs(st[i] - be[i]) >= 0.05)) say(x, 'flex.bent[' + i + ']', 'within 0.05 of straight');
  }
  const grip = c.grips && c.grips.default;
  if (typeof grip == 'string' && !x.taken['grips.user' + grip]) {
    say(x, 'grips.default', show(grip) + ' is not a grip; use a user grip or one of ' + GRIP_NAMES.join(', '));
  }
  return x.errors;
}

/**
 * A parsed document: its version (the board's own: older ones are migrated on the desktop), then
 * everything else. Returns every problem ([] when `doc` is a valid Config).
 */
export function checkConfig(doc: any): string[] {
  const problem = versionProblem(doc);
  return problem ? [problem] : validateConfig(doc);
}
