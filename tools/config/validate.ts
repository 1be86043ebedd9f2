// Validates a configuration file on the desktop before it goes to the board, with the very
// schema and validator the firmware runs (firmware/config/). Reports every problem with its
// path, or where the JSON is broken (line and column).
//
//   tsx tools/config/validate.ts hand.json [more.json ...]    exit 1 if any file is invalid

import * as fs from 'fs';
import { checkConfig } from '../../firmware/config/validate';
import { migrateConfig } from '../../firmware/config/migrate';
import { CONFIG_VERSION } from '../../firmware/config/migrate';
import { Config } from '../../firmware/config/types';

export interface ConfigReport {
  ok: boolean;
  /** Every problem, each "path: message" (or the JSON syntax error with line:column). */
  errors: string[];
  /** The document brought to the current version, when ok. */
  config?: Config;
  /** The version the file was written in, when it had a readable one. */
  fileVersion?: number;
}

/**
 * Where JSON text first goes wrong, as a character offset, or -1 when it parses. Node's own
 * message gives a position for some errors and not others (it varies with the Node version), so
 * a small scanner finds it instead.
 */
export function jsonErrorOffset(text: string): { offset: number; expected: string } | null {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const fail = (expected: string): never => {
    throw { offset: i, expected };
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail('a value');
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text.charCodeAt(i) < 32) fail('a closing " (a string cannot span lines)');
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail('4 hex digits after \\u');
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i])) fail('a valid escape');
      }
      i++;
    }
    if (i >= text.length) fail('a closing "');
    i++;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail('a key in double quotes');
        string();
        ws();
        if (text[i] !== ':') fail('":"');
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail('"," or "}"');
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail('"," or "]"');
      }
    } else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else {
      const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
      if (!m) fail(i >= text.length ? 'more (the file ends too soon)' : 'a value');
      i += m![0].length;
    }
  };
  try {
    value();
    ws();
    if (i < text.length) fail('the end of the file');
    return null;
  } catch (e: any) {
    return e;
  }
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

export function validateConfigText(text: string): ConfigReport {
  let doc: any;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const at = jsonErrorOffset(text);
    if (!at) return { ok: false, errors: ['not JSON: ' + (e as Error).message] };
    const lc = lineColumn(text, at.offset);
    const found = at.offset < text.length ? JSON.stringify(text[at.offset]) : 'the end of the file';
    return { ok: false, errors: [`line ${lc.line}, column ${lc.column}: not JSON: expected ${at.expected}, found ${found}`] };
  }
  const fileVersion = doc && typeof doc.version === 'number' ? doc.version : undefined;
  // Older versions are brought forward here, on the desktop (the board takes only its own).
  const migrated = migrateConfig(doc);
  const errors = migrated ? [migrated] : checkConfig(doc);
  return errors.length ? { ok: false, errors, fileVersion } : { ok: true, errors, config: doc, fileVersion };
}

export function validateConfigFile(file: string): ConfigReport {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    return { ok: false, errors: ['cannot read the file: ' + (e as Error).message] };
  }
  return validateConfigText(text);
}

/** The CLI's text for one file. */
export function describeReport(file: string, r: ConfigReport): string {
  if (r.ok) {
    const migrated = r.fileVersion !== undefined && r.fileVersion < CONFIG_VERSION ? ` (version ${r.fileVersion}: grasp config set migrates it to ${CONFIG_VERSION})` : '';
    return `${file}: valid${migrated}`;
  }
  return `${file}: ${r.errors.length} problem${r.errors.length === 1 ? '' : 's'}\n` + r.errors.map((e) => '  ' + e).join('\n');
}

if (require.main === module) {
  const files = process.argv.slice(2);
  if (!files.length) {
    process.stderr.write('usage: tsx tools/config/validate.ts file.json [more.json ...]\n');
    process.exit(2);
  }
  let bad = 0;
  for (const f of files) {
    const r = validateConfigFile(f);
    if (!r.ok) bad++;
    process.stdout.write(describeReport(f, r) + '\n');
  }
  process.exit(bad ? 1 : 0);
}
