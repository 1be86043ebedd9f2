// Espruino's own compact form of a script: every keyword and operator one byte, strings and
// whole numbers stored raw (what the Espruino IDE uploads with "Pretokenise code before upload").
// The interpreter reads it directly, skipping the letters of every keyword, and the bundle is
// about a tenth smaller. The token table is EspruinoTools' own (the `espruino` package's
// plugins/pretokenise.js, run here with the few globals it expects). The tokenising loop is
// ours: the plugin drops the space in `"a"+ +x`, which then reads back as `++`. detokenise() is
// the inverse, reading the bytes as Espruino 2v29's lexer does (signed raw integers), for the
// Virtual Pico and for people reading a bundle; the build checks every bundle round-trips.

import * as acorn from 'acorn';
import * as fs from 'fs';
import * as vm from 'vm';

interface Plugin {
  tokenise(code: string): string;
  untokenise(code: string): string;
}

let loaded: { plugin: Plugin; tokens: string[] } | undefined;

function load() {
  if (loaded) return loaded;
  const ctx = {
    acorn,
    Espruino: {
      // 2v29 reads pretokenised strings (2v20.48+) and integers (2v25.396+); the plugin enables each by version.
      Core: { Env: { getBoardData: () => ({ VERSION: '2v29' }) }, Utils: { atob: (s: string) => Buffer.from(s, 'base64').toString('latin1'), toJSONishString: JSON.stringify } },
      Config: { PRETOKENISE: 1 },
      Plugins: {} as { Pretokenise?: Plugin },
      addProcessor() {},
    },
  };
  vm.runInNewContext(fs.readFileSync(require.resolve('espruino/plugins/pretokenise.js'), 'utf8'), ctx);
  const plugin = ctx.Espruino.Plugins.Pretokenise!;
  // The token table, read back from the plugin: byte FIRST_TOKEN + i is tokens[i].
  const tokens: string[] = [];
  for (let b = FIRST_TOKEN; b < RAW_STRING8; b++) {
    const t = plugin.untokenise(String.fromCharCode(b));
    if (t.length === 1 && t.charCodeAt(0) === b) break;
    tokens.push(t);
  }
  return (loaded = { plugin, tokens });
}

const FIRST_TOKEN = 138;
const RAW_STRING8 = 0xd1;
const RAW_STRING16 = 0xd2;
const RAW_INT0 = 0xd3;
const RAW_INT8 = 0xd4;
const RAW_INT16 = 0xd5;

const OPERATOR = /[-+*/%<>=!&|^~?.:]/;

/**
 * The script in pretokenised form (a latin1 string: write it with Buffer.from(s, 'latin1')).
 * Throws on what it does not handle (template literals, regular expressions).
 */
export function pretokenise(code: string): string {
  const tokens = load().tokens;
  let out = '';
  // The last thing written was plain text (not a token byte), and the two tokens before.
  let plain = false;
  let last = '';
  let beforeLast = '';
  const text = (t: string) => {
    // Plain text next to plain text must not merge: "a b", "+ +x", "- -1".
    const end = out[out.length - 1];
    // (".5" after an operator is a number: no space, except after "." itself.)
    const op = OPERATOR.test(end) && OPERATOR.test(t[0]) && !(t[0] === '.' && /[0-9]/.test(t[1] || '') && end !== '.');
    if (plain && ((WORD.test(end) && WORD.test(t[0])) || op)) out += ' ';
    out += t;
    plain = true;
  };
  const byte = (s: string) => {
    out += s;
    plain = false;
  };
  for (const tk of acorn.tokenizer(code, { ecmaVersion: 2020 }) as Iterable<acorn.Token & { value: any }>) {
    const src = code.slice(tk.start, tk.end);
    const label = tk.type.label;
    if (label === '`' || label === 'regexp') throw new Error(`pretokenise: ${label === '`' ? 'template literal' : 'regular expression'} at ${tk.start}`);
    if (label === 'string' && tk.value.length > 0 && tk.value.length < 65536 && !/[^\x00-\xff]/.test(tk.value)) {
      const v: string = tk.value;
      byte((v.length < 256 ? String.fromCharCode(RAW_STRING8, v.length) : String.fromCharCode(RAW_STRING16, v.length & 255, v.length >> 8)) + v);
    } else if (label === 'num' && tk.value === Math.round(tk.value) && tk.value < 32768) {
      let v: number = tk.value;
      // A minus that can only be a sign (after , ( : ? =) goes into the number, as the plugin does.
      if (last === '-' && /^[,(:?=]$/.test(beforeLast)) {
        out = out.slice(0, -1);
        v = -v;
      }
      byte(v === 0 ? String.fromCharCode(RAW_INT0) : v >= -128 && v < 128 ? String.fromCharCode(RAW_INT8, v & 255) : String.fromCharCode(RAW_INT16, v & 255, (v >> 8) & 255));
    } else {
      const t = tokens.indexOf(src);
      // (The plugin leaves `catch` as text: espruino/Espruino#1868.)
      if (t >= 0 && src !== 'catch') byte(String.fromCharCode(FIRST_TOKEN + t));
      else text(src);
    }
    beforeLast = last;
    last = src;
  }
  return out;
}

/** Whether `code` holds pretokenised bytes (plain scripts here are ASCII). */
export function isPretokenised(code: string): boolean {
  return /[\x8a-\xd5]/.test(code);
}

const WORD = /[A-Za-z0-9_$]/;

/** Plain JavaScript for a pretokenised script, as Espruino 2v29 reads it. */
export function detokenise(code: string): string {
  const tokens = load().tokens;
  let out = '';
  let expanded = false;
  // An expanded token next to a word character needs a space: "return" + "x", not "returnx".
  const put = (text: string, token: boolean) => {
    if ((token || expanded) && out && WORD.test(out[out.length - 1]) && WORD.test(text[0])) out += ' ';
    out += text;
    expanded = token;
  };
  for (let i = 0; i < code.length; i++) {
    const c = code.charCodeAt(i);
    if (c < 0x80) {
      put(code[i], false);
      continue;
    }
    if (c === RAW_STRING8 || c === RAW_STRING16) {
      const len = c === RAW_STRING8 ? code.charCodeAt(i + 1) : code.charCodeAt(i + 1) | (code.charCodeAt(i + 2) << 8);
      const at = i + (c === RAW_STRING8 ? 2 : 3);
      put(JSON.stringify(code.slice(at, at + len)), true);
      i = at + len - 1;
    } else if (c === RAW_INT0) put('0', true);
    else if (c === RAW_INT8) {
      put(String((code.charCodeAt(i + 1) << 24) >> 24), true);
      i += 1;
    } else if (c === RAW_INT16) {
      put(String(((code.charCodeAt(i + 1) | (code.charCodeAt(i + 2) << 8)) << 16) >> 16), true);
      i += 2;
    } else if (c >= FIRST_TOKEN && c < FIRST_TOKEN + tokens.length) put(tokens[c - FIRST_TOKEN], true);
    else throw new Error(`byte 0x${c.toString(16)} at ${i} is not an Espruino token`);
  }
  return out;
}
