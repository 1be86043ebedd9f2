// A desktop tool driving the fingers directly (hand.set, hand.jog in a stream) must keep
// talking: when its commands stop for timeoutMs, the motion stops (the tool crashed, the cable
// came out). Fires once per stream; the next command starts a new one.

export const HOST_TIMEOUT_MS = 300;

export interface HostTimeout {
  timeoutMs: number;
  lastCommandMs: number;
  /** A stream is running: keep ticking so the timeout is noticed. */
  active: boolean;
}

export function createHostTimeout(timeoutMs: number): HostTimeout {
  return { timeoutMs, lastCommandMs: 0, active: false };
}

export function noteHostCommand(h: HostTimeout, nowMs: number): void {
  h.lastCommandMs = nowMs;
  h.active = true;
}

/** True once, on the first call timeoutMs or more after the stream's last command: stop the motion then. */
export function hostTimedOut(h: HostTimeout, nowMs: number): boolean {
  if (!h.active || nowMs - h.lastCommandMs < h.timeoutMs) return false;
  h.active = false;
  return true;
}
