// Loading and validating scenario files: JSON syntax (with line and column), the JSON Schema
// (ajv, errors as readable paths like `timeline[3].level: must be <= 1`), then what a schema
// cannot say (times inside the run, windows the right way round, one of two fields given).

import * as fs from 'fs';
import Ajv, { ErrorObject } from 'ajv';
import { CHECK_KINDS, EVENT_KINDS, SCENARIO_SCHEMA } from './schema';
import { Scenario } from './types';

export class ScenarioError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
    /** The file could not be read at all (absent, a directory): the message says just that. */
    readonly unreadable = false,
  ) {
    super(unreadable ? `${file}: ${problems.join('; ')}` : `${file}: invalid scenario:\n` + problems.map((p) => `  - ${p}`).join('\n'));
    this.name = 'ScenarioError';
  }
}

let compiled: ReturnType<Ajv['compile']> | undefined;
function validator() {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, discriminator: true, strict: false });
    compiled = ajv.compile(SCENARIO_SCHEMA);
  }
  return compiled;
}

/** `/timeline/3/level` -> `timeline[3].level` */
export function readablePath(pointer: string): string {
  if (!pointer) return '(top level)';
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(part)) out += `[${part}]`;
    else out += (out ? '.' : '') + part;
  }
  return out;
}

function describeError(e: ErrorObject): string | undefined {
  const where = readablePath(e.instancePath);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return `${where}: unknown property "${p.additionalProperty}"`;
    case 'required':
      return `${where}: missing "${p.missingProperty}"`;
    case 'discriminator': {
      const tag = String(p.tag);
      const kinds = tag === 'do' ? EVENT_KINDS : tag === 'check' ? CHECK_KINDS : ['liftoff', 'motionArtefact', 'servoStall', 'lowBattery'];
      if (p.error === 'tag') return `${where}: missing "${tag}" (one of ${kinds.join(', ')})`;
      return `${where}.${tag}: unknown ${tag === 'do' ? 'event' : tag === 'check' ? 'check' : 'kind'} ${JSON.stringify(p.tagValue)} (expected one of ${kinds.join(', ')})`;
    }
    case 'enum':
      return `${where}: must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'if':
      return undefined; // the `then` branch's own error says what is missing
    default:
      return `${where}: ${e.message}`;
  }
}

function schemaProblems(doc: unknown): string[] {
  const validate = validator();
  if (validate(doc)) return [];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const e of validate.errors ?? []) {
    const msg = describeError(e);
    if (msg && !seen.has(msg)) {
      seen.add(msg);
      out.push(msg);
    }
  }
  return out;
}

function semanticProblems(s: Scenario): string[] {
  const out: string[] = [];
  const d = s.meta.durationS;
  (s.timeline ?? []).forEach((ev, i) => {
    const where = `timeline[${i}]`;
    if (ev.at > d) out.push(`${where}.at: ${ev.at} s is after the end of the run (meta.durationS ${d})`);
    if (ev.do === 'glove' && s.meta.flexSource !== 'glove') out.push(`${where}: a glove event needs meta.flexSource "glove" (the flex sensors are on the fingers)`);
    if (ev.do === 'battery' && (ev.chargeFraction === undefined) === (ev.voltage === undefined)) out.push(`${where}: give exactly one of "chargeFraction" and "voltage"`);
  });
  (s.expect ?? []).forEach((c, i) => {
    const where = `expect[${i}]`;
    if (c.at !== undefined && (c.from !== undefined || c.to !== undefined)) out.push(`${where}: give "at" (an instant) or "from"/"to" (a window), not both`);
    if (c.at === undefined && c.from === undefined && c.check !== 'noCrash') out.push(`${where}: missing "at" (an instant) or "from" (a window)`);
    if (c.at !== undefined && c.at > d) out.push(`${where}.at: ${c.at} s is after the end of the run (meta.durationS ${d})`);
    if (c.from !== undefined && c.from > d) out.push(`${where}.from: ${c.from} s is after the end of the run (meta.durationS ${d})`);
    if (c.to !== undefined && c.to > d) out.push(`${where}.to: ${c.to} s is after the end of the run (meta.durationS ${d})`);
    if (c.from !== undefined && c.to !== undefined && c.to <= c.from) out.push(`${where}: "to" (${c.to}) must be after "from" (${c.from})`);
    if (c.check === 'led' && c.lit === undefined && c.blinking === undefined) out.push(`${where}: give "lit" or "blinking"`);
    if (c.check === 'led' && c.blinking !== undefined && c.from === undefined) out.push(`${where}: "blinking" needs a window ("from"/"to")`);
    if (c.check === 'noMotion' && c.from === undefined) out.push(`${where}: noMotion needs a window ("from"/"to")`);
    if (c.check === 'pulses' && c.minUs === undefined && c.maxUs === undefined && c.present === undefined) out.push(`${where}: give "minUs"/"maxUs" or "present"`);
    if ((c.check === 'flexion' && c.above === undefined && c.below === undefined) || (c.check === 'state' && c.equals === undefined && c.in === undefined && c.not === undefined)) {
      out.push(`${where}: nothing to compare (give ${c.check === 'flexion' ? '"above" or "below"' : '"equals", "in" or "not"'})`);
    }
    if (c.check === 'status' || c.check === 'sim') {
      if (!['equals', 'not', 'in', 'above', 'below', 'exists'].some((k) => k in c)) out.push(`${where}: nothing to compare (give equals, not, in, above, below or exists)`);
    }
  });
  return out;
}

/** Validate a parsed document; returns it typed, or throws ScenarioError listing every problem. */
export function validateScenario(doc: unknown, file = '<scenario>'): Scenario {
  const problems = schemaProblems(doc);
  if (problems.length) throw new ScenarioError(file, problems);
  const s = doc as Scenario;
  const more = semanticProblems(s);
  if (more.length) throw new ScenarioError(file, more);
  return s;
}

/** Where in the text a JSON.parse position falls. */
function lineCol(text: string, pos: number): string {
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  return `line ${line}, column ${pos - before.lastIndexOf('\n')}`;
}

export function parseScenarioText(text: string, file = '<scenario>'): Scenario {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const m = /position (\d+)/.exec(msg);
    throw new ScenarioError(file, [`not valid JSON${m ? ` (${lineCol(text, Number(m[1]))})` : ''}: ${msg}`]);
  }
  return validateScenario(doc, file);
}

export function loadScenarioFile(file: string): Scenario {
  if (!fs.existsSync(file)) throw new ScenarioError(file, ['no such scenario file (shipped ones are in sim/scenarios/)'], true);
  if (fs.statSync(file).isDirectory()) throw new ScenarioError(file, ['is a directory, not a scenario file'], true);
  return parseScenarioText(fs.readFileSync(file, 'utf8'), file);
}
