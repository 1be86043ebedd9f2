// Checks a configuration document against schema.ts and reports every problem, each with its
// path: `fingers[2].maxPulseUs: 3100 is above 2500`. Runs on the Pico at boot and before a
// save (never per tick), and on the desktop in tools/config/validate.ts.

import { Schema, configSchema, crossCheck } from './schema';
import { pinProblem, USE_ADC, USE_PWM } from './pins';
import { migrateConfig } from './migrate';

function show(v: any): string {
  return v === undefined ? 'nothing' : JSON.stringify(v);
}

/** Every problem with a current-version document; [] when it is a valid Config. */
export function validateConfig(doc: any): string[] {
  const errors: string[] = [];
  function say(path: string, message: string) {
    errors.push(path ? path + ': ' + message : message);
  }
  // Pin -> the path that took it, to catch a pin used twice.
  const taken: { [pin: string]: string } = {};

  function check(s: Schema, v: any, path: string): void {
    if (Array.isArray(s)) {
      if (!Array.isArray(v)) return say(path, show(v) + ' is not a list');
      if (v.length < (s[1] as number) || v.length > (s[2] as number)) say(path, 'has ' + v.length + ' items, allowed ' + s[1] + '..' + s[2]);
      for (let i = 0; i < v.length; i++) check(s[0], v[i], path + '[' + i + ']');
    } else if (typeof s === 'object') {
      if (!v || typeof v !== 'object' || Array.isArray(v)) return say(path, show(v) + ' is not an object');
      for (const key in s) {
        const p = path ? path + '.' + key : key;
        if (v[key] === undefined) say(p, 'missing');
        else check(s[key], v[key], p);
      }
      for (const key in v) if (!s.hasOwnProperty(key)) say(path, 'unknown key "' + key + '"');
    } else {
      const kind = (s as string)[0];
      const arg = (s as string).slice(1);
      if (kind === 'n' || kind === 'i') {
        const range = arg.split(',');
        if (typeof v !== 'number' || !isFinite(v)) say(path, show(v) + ' is not a number');
        else if (kind === 'i' && v % 1) say(path, v + ' is not a whole number');
        else if (v < +range[0]) say(path, v + ' is below ' + range[0]);
        else if (v > +range[1]) say(path, v + ' is above ' + range[1]);
      } else if (kind === 'b') {
        if (typeof v !== 'boolean') say(path, show(v) + ' is not true or false');
      } else if (typeof v !== 'string') say(path, show(v) + ' is not a string');
      else if (kind === 'e') {
        if (arg.split('|').indexOf(v) < 0) say(path, show(v) + ' is not one of ' + arg.split('|').join(', '));
      } else if (kind === 'w') {
        if (!v.length || v.length > 12) say(path, show(v) + ' is not 1..12 characters');
      } else {
        const problem = pinProblem(v, kind === 'a' ? USE_ADC : USE_PWM);
        if (problem) say(path, show(v) + ' ' + problem);
        else if (taken[v]) say(path, show(v) + ' is used by ' + taken[v] + ' already');
        else taken[v] = path;
      }
    }
  }

  check(configSchema(), doc, '');
  crossCheck(doc, say);
  return errors;
}

/**
 * A parsed document of any version: migrated to the current version in place, then validated.
 * Returns every problem ([] when `doc` is now a valid Config).
 */
export function checkConfig(doc: any): string[] {
  const problem = migrateConfig(doc);
  return problem ? [problem] : validateConfig(doc);
}
