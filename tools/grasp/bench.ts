// `grasp bench`: an interactive bench session with the hand's servos on the table. One command a
// line, from the keyboard or a script on stdin (`grasp bench --sim < steps.txt`):
//   status | sensors [seconds] | sweep <finger|all> | jog <finger> open|closed <+-us> | save
//   calibrate | grip open|close | resume | help | quit
// The exit code is 1 when any command failed (so a script notices), 0 otherwise.

import * as readline from 'readline';
import { Board, GraspError } from './transport';
import { BoardArgs, CommandIo, handStatus, HandStatusLike, openSession, sleep } from './session';

const HELP = `commands:
  status                          state, fingers, EMG, faults, battery
  sensors [seconds]               live EMG, flex and battery readings (default 3 s)
  sweep <finger|all>              close and open one finger, or each in turn (pauses EMG)
  jog <finger> open|closed <us>   move that end of the finger's stroke by +-us and go there (pauses EMG)
  save                            save the running configuration (jogged ends) to flash
  calibrate                       guided EMG calibration; follow the prompts
  grip open|close                 open or close the whole hand
  resume                          give control back to EMG
  help                            this list
  quit                            leave (EMG stays paused if a jog or sweep paused it)
`;

function fmt(n: number): string {
  return typeof n === 'number' ? n.toFixed(3) : String(n);
}

function statusText(s: HandStatusLike): string {
  const fingers = Object.entries(s.fingers)
    .map(([k, v]) => `${k} ${fmt(v)}`)
    .join(', ');
  const emg = s.emg.map((e) => `${e.site} ${fmt(e.envelope)}${e.on ? ' ON' : ''} (baseline ${fmt(e.baseline)})`).join(', ');
  return (
    `state ${s.state}, EMG control ${s.emgControl ? 'on' : 'paused'}, grip ${fmt(s.grip)}, faults ${s.faults.length ? s.faults.join(', ') : 'none'}\n` +
    `  fingers: ${fingers}\n  emg: ${emg}\n  battery ${s.batteryV.toFixed(2)} V, flex [${s.flex.map(fmt).join(', ')}], up ${s.uptimeS} s, version ${s.version}`
  );
}

/** The board's own messages ("hand: ...") from a call's output. */
function said(output: string): string {
  return output
    .split('\n')
    .filter((l) => /^(hand:|  \S)/.test(l))
    .join('\n');
}

async function call(board: Board, expr: string, io: CommandIo, timeoutS?: number): Promise<unknown> {
  const { value, output } = await board.evaluateWithOutput(expr, { timeoutS });
  const text = said(output);
  if (text) io.out(text + '\n');
  return value;
}

/** Waits until a finger (by index) is within 0.02 of where it was sent, or timeoutMs passes. */
async function waitFinger(board: Board, name: string, target: number, timeoutMs: number): Promise<number> {
  const end = Date.now() + timeoutMs;
  let p = NaN;
  while (Date.now() < end) {
    p = Number(await board.evaluate(`hand.status().fingers[${JSON.stringify(name)}]`));
    if (Math.abs(p - target) < 0.02) break;
    await sleep(100);
  }
  return p;
}

async function runCommand(board: Board, line: string, io: CommandIo): Promise<'quit' | boolean> {
  const words = line.trim().split(/\s+/);
  const cmd = words[0]?.toLowerCase() ?? '';
  const fail = (msg: string) => {
    io.err(msg + '\n');
    return false;
  };
  switch (cmd) {
    case '':
      return true;
    case 'help':
    case '?':
      io.out(HELP);
      return true;
    case 'quit':
    case 'exit':
    case 'q':
      return 'quit';
    case 'status':
      io.out(statusText(await handStatus(board)) + '\n');
      return true;
    case 'sensors': {
      const seconds = words[1] ? Number(words[1]) : 3;
      if (!(seconds > 0 && seconds <= 600)) return fail('sensors [seconds]: 1..600');
      const end = Date.now() + seconds * 1000;
      while (Date.now() < end) {
        const s = await handStatus(board);
        const emg = s.emg.map((e) => `${e.site} ${fmt(e.envelope)}${e.on ? ' ON ' : '    '}`).join('  ');
        const text = `${emg}  flex [${s.flex.map((f) => f.toFixed(2)).join(' ')}]  battery ${s.batteryV.toFixed(2)} V  ${s.state}`;
        io.out(io.outTty ? `\r${text}\x1b[K` : text + '\n');
        await sleep(250);
      }
      if (io.outTty) io.out('\n');
      return true;
    }
    case 'sweep': {
      const which = words[1];
      if (!which) return fail('sweep <finger|all>');
      const names = Object.keys((await handStatus(board)).fingers);
      const list = which === 'all' ? names : [which];
      for (const n of list) if (!names.includes(n) && !(/^\d+$/.test(n) && Number(n) < names.length)) return fail(`no finger "${n}"; use one of ${names.join(', ')} or all`);
      await call(board, 'hand.stop()', io);
      for (const n0 of list) {
        const n = /^\d+$/.test(n0) ? names[Number(n0)] : n0;
        await call(board, `hand.set(${JSON.stringify(n)},1)`, io);
        const closed = await waitFinger(board, n, 1, 3000);
        await call(board, `hand.set(${JSON.stringify(n)},0)`, io);
        const open = await waitFinger(board, n, 0, 3000);
        io.out(`${n}: closed ${fmt(closed)}, open ${fmt(open)}\n`);
      }
      io.out('EMG control paused: `resume` gives it back\n');
      return true;
    }
    case 'jog': {
      const [, finger, end, usText] = words;
      const us = Number(usText);
      if (!finger || (end !== 'open' && end !== 'closed') || !usText || !Number.isFinite(us)) return fail('jog <finger> open|closed <+-us>, e.g. jog index closed 20');
      const f = /^\d+$/.test(finger) ? finger : JSON.stringify(finger);
      const r = await call(board, `hand.jog(${f},${JSON.stringify(end)},${us})`, io);
      return typeof r === 'number' ? true : fail('jog refused');
    }
    case 'save': {
      const r = await call(board, 'hand.save()', io, 15);
      return r === true ? true : fail('not saved');
    }
    case 'calibrate': {
      // The board prints its prompts from the control tick: show them as they come, until the
      // state is no longer "calibrating".
      let buf = '';
      const off = board.onData((chunk) => {
        buf += chunk;
        const lines = buf.split(/\r?\n/);
        buf = lines.pop() ?? '';
        for (const l of lines) {
          // eslint-disable-next-line no-control-regex
          const clean = l.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').replace(/^[>\s]+/, '');
          if (clean.startsWith('hand:')) io.out(clean + '\n');
        }
      });
      try {
        await board.evaluate('hand.calibrate()');
        const end = Date.now() + 30000;
        await sleep(300);
        while (Date.now() < end && String(await board.evaluate('hand.status().state')) === 'calibrating') await sleep(300);
      } finally {
        off();
      }
      return true;
    }
    case 'grip': {
      const how = words[1];
      if (how !== 'open' && how !== 'close') return fail('grip open|close');
      await call(board, how === 'open' ? 'hand.open()' : 'hand.close()', io);
      return true;
    }
    case 'resume':
      await call(board, 'hand.resume()', io);
      return true;
    default:
      return fail(`unknown command "${cmd}": type help`);
  }
}

export async function bench(a: BoardArgs, io: CommandIo): Promise<number> {
  const s = await openSession(a, io);
  let failed = false;
  try {
    const st = await handStatus(s.board);
    io.out(`bench session with Grasp ${st.version} on ${s.board.description}: type help, quit leaves\n`);
    const input = io.stdin ?? process.stdin;
    const rl = readline.createInterface({ input, output: io.outTty ? process.stdout : undefined, terminal: !!io.outTty, prompt: 'grasp> ' });
    const lines: string[] = [];
    let wake: (() => void) | undefined;
    let ended = false;
    rl.on('line', (l) => {
      lines.push(l);
      wake?.();
    });
    rl.on('close', () => {
      ended = true;
      wake?.();
    });
    rl.on('SIGINT', () => {
      lines.push('quit');
      wake?.();
    });
    if (io.outTty) rl.prompt();
    try {
      for (;;) {
        if (!lines.length) {
          if (ended) break;
          await new Promise<void>((r) => (wake = r));
          wake = undefined;
          continue;
        }
        const line = lines.shift()!;
        if (!io.outTty && line.trim()) io.out(`> ${line.trim()}\n`);
        let r: 'quit' | boolean;
        try {
          r = await runCommand(s.board, line, io);
        } catch (e) {
          // the board gone: stop; a refused call: say so and go on
          if (e instanceof GraspError && e.kind !== 'board-error') throw e;
          io.err(`${(e as Error).message}\n`);
          r = false;
        }
        if (r === 'quit') break;
        if (r === false) failed = true;
        if (io.outTty) rl.prompt();
      }
    } finally {
      rl.close();
    }
    return failed ? 1 : 0;
  } finally {
    await s.close();
  }
}
