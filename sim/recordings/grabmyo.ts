// What a GRABMyo file name says: session, participant, gesture, trial. Each file is one
// gesture held for 5 s (with an onset at the start), so the gesture is a per-file label.

export const GRABMYO_GESTURES: Readonly<Record<number, string>> = {
  1: 'lateral prehension',
  11: 'wrist extension',
  12: 'wrist flexion',
  15: 'hand open',
  16: 'hand close',
};

export interface GrabmyoFileInfo {
  session: number;
  participant: number;
  gesture: number;
  /** From GRABMYO_GESTURES; undefined for gestures not in the shared subset. */
  gestureName: string | undefined;
  trial: number;
}

/** Parses `session1_participant1_gesture15_trial2` (or a path to its .hea/.dat); undefined when it does not match. */
export function grabmyoFileInfo(nameOrPath: string): GrabmyoFileInfo | undefined {
  const m = /session(\d+)_participant(\d+)_gesture(\d+)_trial(\d+)(?:\.(?:hea|dat))?$/.exec(nameOrPath);
  if (!m) return undefined;
  const gesture = Number(m[3]);
  return {
    session: Number(m[1]),
    participant: Number(m[2]),
    gesture,
    gestureName: GRABMYO_GESTURES[gesture],
    trial: Number(m[4]),
  };
}
