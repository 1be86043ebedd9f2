// The console model (sim/tcp/repl.ts) byte for byte against transcripts taken from Espruino
// 2v29's own interpreter (Linux build, telnet console) for the same input.

import { VirtualPico } from '../../sim/runtime';
import { BANNER, countBrackets, EspruinoRepl } from '../../sim/tcp/repl';
import { espruinoConsoleJSON, espruinoNumber } from '../../sim/tcp/json-print';

function session() {
  const pico = new VirtualPico();
  let out = '';
  const repl = new EspruinoRepl({ pico, write: (s) => (out += s) });
  const send = (s: string) => {
    out = '';
    repl.feed(s);
    return out;
  };
  return { pico, repl, send };
}

describe('Virtual Pico console: the REPL as Espruino 2v29 answers', () => {
  test('echo, =result, prompt; DLE lines are silent', () => {
    const { send } = session();
    expect(send('\n')).toBe('\r\n>');
    expect(send('1+2\n')).toBe('1+2\r\n=3\r\n>');
    expect(send('\x101+2\n')).toBe('');
    expect(send("print('a')\n")).toBe("print('a')\r\na\r\n=undefined\r\n>");
    expect(send("\x10print('a')\n")).toBe('a\r\n>');
    expect(send('1/3\n')).toBe('1/3\r\n=0.33333333333\r\n>');
    expect(send("'str'\n")).toBe('\'str\'\r\n="str"\r\n>');
    expect(send('[]\n')).toBe('[]\r\n=[  ]\r\n>');
  });

  test('brackets keep a line open (":"), ESC LF adds a newline without running', () => {
    const { send } = session();
    expect(send('function f(){\n')).toBe('function f(){\r\n:');
    expect(send('return 5;}\n')).toMatch(/^return 5;}\r\n=/);
    expect(send('f()\n')).toBe('f()\r\n=5\r\n>');
    expect(send('var q = 1\x1b\n+2\n')).toMatch(/^var q = 1\r\n:\+2\r\n=/);
    expect(send('q\n')).toBe('q\r\n=3\r\n>');
    expect(countBrackets('if (a) {')).toBe(1);
    expect(countBrackets('"{" + `${x}`')).toBe(0);
  });

  test('objects print as Espruino does (unquoted keys, some newlines, limits)', () => {
    const { send } = session();
    expect(send("({a:1,b:'x',c:[1,2],d:{e:null}})\n")).toBe('({a:1,b:\'x\',c:[1,2],d:{e:null}})\r\n={ a: 1, \r\n  b: "x", \r\n  c: [ 1, 2 ], \r\n  d: { e: null }\r\n }\r\n>');
    expect(espruinoConsoleJSON({ thumb: 0, index: 0.5, middle: 1, ring: 0, little: 0 })).toBe('{ thumb: 0, index: 0.5, middle: 1, ring: 0, \n  little: 0 }');
    expect(espruinoConsoleJSON([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17])).toBe('[ 1, 2, 3, 4, 5,  ... 13, 14, 15, 16, 17 ]');
    expect(espruinoConsoleJSON([[1, 2], [3]])).toBe('[ \n  [ 1, 2 ], \n  [ 3 ]\n ]');
    expect(espruinoConsoleJSON({ 'a-b': 1, 2: 3 })).toBe('{ 2: 3, "a-b": 1 }'); // (V8 orders integer keys first)
    expect(espruinoConsoleJSON('abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnop')).toBe('"abcdefghijklmnopqrstuvwxyza" ... "pqrstuvwxyzabcdefghijklmnop"');
    expect(espruinoConsoleJSON(new Uint8Array([1, 2]))).toBe('new Uint8Array([1, 2])');
    expect(espruinoConsoleJSON(new Uint8Array(3))).toBe('new Uint8Array(3)');
    expect([1 / 3, 2 / 3, 1e21, 123.456, 12345678.9, 1.5e300, 0.000123, -2.5, Math.PI * 1000, 123456789012].map(espruinoNumber)).toEqual([
      '0.33333333333', '0.66666666666', '10e+20', '123.456', '12345678.9', '1.5e+300', '0.000123', '-2.5', '3141.59265358979', '123456789012',
    ]);
  });

  test('errors, backspace, Ctrl-C, Ctrl-E', () => {
    const { send } = session();
    expect(send('x\n')).toBe('x\r\nUncaught ReferenceError: "x" is not defined\r\n>');
    expect(send('abc')).toBe('abc');
    expect(send('\b\b')).toBe('\b \b\b \b');
    expect(send('\x03')).toBe('\x1b[D\r\x1b[J>');
    expect(send('\x03')).toBe('');
    expect(send('\x05')).toBe('Espruino 2v29 PICO_R1_3\r\n');
  });

  test('timer output erases the prompt and draws it again', () => {
    const { pico, repl, send } = session();
    expect(send("setTimeout(function(){print('later')},100)\n")).toMatch(/=\d+\r\n>$/);
    let out = '';
    const r2 = new EspruinoRepl({ pico, write: (s) => (out += s) });
    void repl;
    r2.feed('\n');
    out = '';
    pico.advance(150);
    r2.idle();
    expect(out).toBe('\r\x1b[Jlater\r\n>');
  });

  test('reset() prints the banner; process.env is a Pico 2v29; E.setBootCode + load() run the boot code', () => {
    const { send } = session();
    expect(send('reset()\n')).toBe('reset()\r\n=undefined\r\n' + BANNER.replace(/\n/g, '\r\n') + '>');
    expect(send('process.env.VERSION+" "+process.env.BOARD+" "+process.env.CONSOLE\n')).toMatch(/="2v29 PICO USB"/);
    send('E.setBootCode(\'print("boot")\')\n');
    expect(send('load()\n')).toContain('boot\r\n');
  });
});
