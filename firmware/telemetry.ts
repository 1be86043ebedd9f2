// Telemetry: `hand.telemetry(hz)` prints one compact line per period on its own timer, never from
// the control tick, and only while it is on (1..20 Hz; 0 stops it). The format (README,
// "Telemetry"), version 2:
//   T2,<seq>,<ms>,<state>,<env0>,<env1>,<flags>,<finger 0>,...,<finger n-1>,<faults>
// seq counts lines from 0 (a gap is a lost line), ms since telemetry(hz) was called, state an
// index into STATE_NAMES, env* the sites' envelopes x1000 (env1 empty with one site), flags bit 0/1
// site 0/1 on and bit 2 EMG control paused, fingers 0 open..1000 closed, faults the hand's bits
// (1 loopError, 2 configInvalid) | site 0's << 2 | site 1's << 7 (per site: 1 signal, 2 rail,
// 4 flat line, 8 saturated, 16 noisy; version 1 had two bits per site).
// Built with string concatenation: one string per line, nothing else allocated.

import { Hand, settleSteady } from './core/hand';
import { Clock } from '../hal/types';

export function createTelemetry(hand: Hand, print: (text: string) => void, clock: Clock) {
  let timer: unknown = 0;
  let seq = 0;
  let t0 = 0;
  /** x1000, rounded. */
  const k = (x: number) => Math.round(x * 1000);
  function send() {
    settleSteady(hand);
    let flags = hand.emgEnabled ? 0 : 4;
    let faults = hand.faults;
    let s = 'T2,' + seq++ + ',' + k(clock.nowS() - t0) + ',' + hand.state;
    for (let i = 0; i < 2; i++) {
      const ch = hand.channels[i];
      s += ',';
      if (ch) {
        s += k(ch.envelope);
        flags |= (ch.on as any) << i;
        faults |= ch.faults << (2 + 5 * i);
      }
    }
    s += ',' + flags;
    for (const f of hand.fingers.list) s += ',' + k(f.position);
    print(s + ',' + faults);
  }
  /** hz 1..20 (default 10) starts, 0 stops; returns the rate in force. */
  return function (hz?: number) {
    hz = hz ?? 10;
    if (hz !== 0 && !(hz >= 1 && hz <= 20)) {
      print('hand: hand.telemetry(hz): 1..20 Hz, 0 stops');
      return;
    }
    if (timer) clock.cancel(timer);
    seq = 0;
    t0 = clock.nowS();
    timer = hz && clock.every(1000 / hz, send);
    return hz;
  };
}
