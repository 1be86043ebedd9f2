// Espruino's console (src/jsinteractive.c, 2v29) over a VirtualPico, independent of the transport:
// feed() it the bytes a terminal or EspruinoTools sends, it calls write() with what the board
// would send back. Modelled, and checked against the Linux build of 2v29 over telnet:
// - echo of typed characters, `>` prompt, `:` on continuation lines, backspace as "\b \b";
// - a line runs when Enter is pressed and its brackets balance (Espruino counts brackets, it does
//   not parse: `if (x)` + Enter runs and fails, which is why uploaders send ESC LF (Alt-Enter)
//   for newlines inside a statement); ESC LF always adds a newline without running;
// - DLE (\x10) at the start of a line: that line is neither echoed nor followed by `=result`
//   nor by a new prompt unless it prints something (EspruinoTools prefixes every line it
//   uploads with it, so `espruino -e "expr"` shows no result on a real board either);
// - `=result` in Espruino's JSON-ish format (json-print.ts), errors as the Virtual Pico prints
//   them ("Uncaught Error: ..."), output from timers erasing and re-drawing the input line;
// - Ctrl-C clears the input line (code cannot be running here: the Virtual Pico runs each line
//   to completion); Ctrl-E on an empty line answers "Espruino 2v29 PICO_R1_3";
// - `reset()` prints the banner (a Pico is an official board: no donation text); `load()`,
//   `save()`, `E.setBootCode()`, `process.env` are the Virtual Pico's own.
// Not modelled: cursor movement and history (arrow keys are swallowed), tab completion,
// `echo(0)`, password protection, the DLE SOH packet protocol, interrupting a running line.
// Output order differs in one place: output printed by code that `load()` runs comes before
// `=undefined` (the Virtual Pico runs the deferred load inside the same eval call).

import * as acorn from 'acorn';
import { PowerLoss, VirtualPico } from '../runtime';
import { espruinoConsoleJSON } from './json-print';

export const BANNER =
  '\x1b[?7l\n' +
  ' ____                 _ \n' +
  '|  __|___ ___ ___ _ _|_|___ ___ \n' +
  '|  __|_ -| . |  _| | | |   | . |\n' +
  '|____|___|  _|_| |___|_|_|_|___|\n' +
  '         |_| espruino.com\n' +
  ' 2v29 (c) 2025 G.Williams\n' +
  '\n';

/** What the firmware prints on Ctrl-E (ENQ) on an empty line. */
export const ENQ_ANSWER = 'Espruino 2v29 PICO_R1_3\n';

/** Brackets opened minus closed, as Espruino's jsiCountBracketsInInput (stops at a lexer error). */
export function countBrackets(code: string): number {
  let n = 0;
  try {
    for (const tok of acorn.tokenizer(code, { ecmaVersion: 'latest', allowHashBang: true })) {
      const l = tok.type.label;
      if (l === '(' || l === '{' || l === '[' || l === '${') n++;
      else if (l === ')' || l === '}' || l === ']') n--;
    }
  } catch {
    // unterminated string/comment/template: count what was read
  }
  return n;
}

type InputState = 'none' | 'esc' | 'esc[' | 'esc[n' | 'escO' | 'hadCR' | 'hadDLE';

export interface ReplOptions {
  pico: VirtualPico;
  /** Bytes to the terminal (already "\r\n" line ends). */
  write: (data: string) => void;
}

export class EspruinoRepl {
  private line = '';
  private echoOffForLine = false;
  private removed = false;
  private state: InputState = 'none';
  private outPos: number;
  private readonly pico: VirtualPico;
  private readonly send: (data: string) => void;

  constructor(opts: ReplOptions) {
    this.pico = opts.pico;
    this.send = opts.write;
    this.outPos = this.pico.output().length;
  }

  /** Everything the pico printed since the last call (or since construction). */
  private takePicoOutput(): string {
    const all = this.pico.output();
    if (all.length < this.outPos) this.outPos = 0;
    const s = all.slice(this.outPos);
    this.outPos = all.length;
    return s;
  }

  /** Forget the pico's output so far (nobody was connected). */
  discardPicoOutput(): void {
    this.outPos = this.pico.output().length;
  }

  private print(text: string): void {
    if (text) this.send(text.replace(/\r?\n/g, '\r\n'));
  }

  private echo(): boolean {
    return !this.echoOffForLine;
  }

  private showInputLine(): boolean {
    return this.echo() && !this.removed;
  }

  private removeInputLine(): void {
    if (this.removed) return;
    this.removed = true;
    if (!this.echo()) return;
    const rows = this.line.split('\n');
    const lastLen = rows[rows.length - 1].length;
    this.print('\x1b[D'.repeat(lastLen) + '\x1b[A'.repeat(rows.length - 1) + '\r\x1b[J');
  }

  private returnInputLine(): void {
    if (!this.removed) return;
    this.removed = false;
    if (this.echo()) this.print('>' + this.line.replace(/\n/g, '\n:'));
  }

  /** Show what the pico printed (timers, events), as Espruino does: the input line is erased first. */
  flushOutput(): void {
    const s = this.takePicoOutput();
    if (!s) return;
    this.removeInputLine();
    this.print(s);
  }

  /** The idle loop: pending output, then the prompt back. */
  idle(): void {
    this.flushOutput();
    this.returnInputLine();
  }

  /** Bytes from the terminal; handled as one pass of Espruino's idle loop. */
  feed(data: string): void {
    for (const ch of data) this.handleChar(ch);
    this.idle();
  }

  private append(s: string): void {
    this.line += s;
    if (this.showInputLine()) this.print(s);
  }

  private handleChar(ch: string): void {
    const c = ch.charCodeAt(0);
    if (c === 0) {
      this.state = 'none';
    } else if (c === 3) {
      // Ctrl-C: clear the input line (on the board this happens in the idle loop)
      this.state = 'none';
      if (this.line) {
        this.removeInputLine();
        this.line = '';
      }
    } else if (c === 5 && this.state !== 'esc' && this.state !== 'esc[' && this.state !== 'esc[n') {
      if (this.line === '') this.print(ENQ_ANSWER);
    } else if (c === 16) {
      if (this.line === '') this.echoOffForLine = true;
      this.state = 'hadDLE';
    } else if (c === 1 && this.state === 'hadDLE') {
      this.state = 'none'; // DLE SOH packet transfer: not supported
    } else if (c === 27) {
      this.state = 'esc';
    } else if (this.state === 'esc') {
      this.state = 'none';
      if (c === 79) this.state = 'escO';
      else if (c === 91) this.state = 'esc[';
      else if (c === 10) this.handleNewLine(false);
    } else if (this.state === 'escO') {
      this.state = 'none';
    } else if (this.state === 'esc[') {
      this.state = c >= 48 && c <= 57 ? 'esc[n' : 'none';
    } else if (this.state === 'esc[n') {
      if (!(c >= 48 && c <= 57)) this.state = 'none'; // ESC [ 123 d sets the line number: ignored
    } else {
      const wasCR = this.state === 'hadCR';
      this.state = 'none';
      if (c === 8 || c === 127) {
        if (this.line.length && !this.line.endsWith('\n')) {
          this.line = this.line.slice(0, -1);
          if (this.showInputLine()) this.print('\b \b');
        }
      } else if (ch === '\n' && wasCR) {
        // \r\n: already handled on \r
      } else if (ch === '\r' || ch === '\n') {
        if (ch === '\r') this.state = 'hadCR';
        this.handleNewLine(true);
      } else if (c >= 32 || ch === '\t') {
        this.append(ch === '\t' ? '    ' : ch);
      }
    }
  }

  private handleNewLine(execute: boolean): void {
    if (!(execute && countBrackets(this.line) <= 0)) {
      if (this.showInputLine()) this.print('\n:');
      this.line += '\n';
      return;
    }
    if (this.showInputLine()) this.print('\n');
    if (!this.echoOffForLine) this.removed = true;
    const code = this.line.replace(/\s+$/, '');
    this.line = '';
    this.execute(code);
    this.echoOffForLine = false;
  }

  private execute(code: string): void {
    const resetsBefore = this.pico.resets;
    let result: unknown;
    let failed = false;
    try {
      result = code === '' ? undefined : this.pico.eval(code);
    } catch (e) {
      failed = true;
      // the Virtual Pico has printed "Uncaught ..." (or "OUT OF MEMORY") already, but not this:
      if (e instanceof PowerLoss) this.printDirect('Virtual Pico: no power (a simulated power loss); power-cycle it\n');
    }
    this.flushOutput();
    if (this.echo() && !failed && code !== '') this.print('=' + espruinoConsoleJSON(result) + '\n');
    if (this.pico.resets > resetsBefore) {
      // reset(): Espruino prints its banner (load() does not)
      this.removeInputLine();
      this.print(BANNER);
      this.removed = true;
    }
  }

  private printDirect(text: string): void {
    this.removeInputLine();
    this.print(text);
  }
}
