import { createHostTimeout, hostTimedOut, noteHostCommand, HOST_TIMEOUT_MS } from '../../firmware/core/host-timeout';

describe('host-control timeout', () => {
  test('no stream, no timeout', () => {
    const h = createHostTimeout(HOST_TIMEOUT_MS);
    expect(hostTimedOut(h, 100000)).toBe(false);
    expect(h.active).toBe(false);
  });

  test('a stream whose commands stop is stopped at 300 ms, not 299, and only once', () => {
    const h = createHostTimeout(HOST_TIMEOUT_MS);
    for (let t = 1000; t <= 2000; t += 50) {
      noteHostCommand(h, t);
      expect(hostTimedOut(h, t + 40)).toBe(false);
    }
    expect(h.active).toBe(true);
    expect(hostTimedOut(h, 2299)).toBe(false);
    expect(hostTimedOut(h, 2300)).toBe(true);
    expect(hostTimedOut(h, 2340)).toBe(false);
    expect(hostTimedOut(h, 9000)).toBe(false);
    expect(h.active).toBe(false);
  });

  test('a new command starts a new stream that times out again', () => {
    const h = createHostTimeout(HOST_TIMEOUT_MS);
    noteHostCommand(h, 0);
    expect(hostTimedOut(h, 400)).toBe(true);
    noteHostCommand(h, 5000);
    expect(hostTimedOut(h, 5299)).toBe(false);
    expect(hostTimedOut(h, 5300)).toBe(true);
  });
});
