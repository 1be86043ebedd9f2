// Servo angle -> finger flexion for drawing: a linear map between the open and closed angles
// (the linkage's nonlinearity is ignored). Works either way round (closed < open is fine).

export interface FingerGeometry {
  openAngleDeg: number;
  closedAngleDeg: number;
}

/** Flexion 0 (open) .. 1 (closed), clamped. */
export function fingerFlexion(angleDeg: number, geometry: FingerGeometry): number {
  const span = geometry.closedAngleDeg - geometry.openAngleDeg;
  if (span === 0) return 0;
  const flexion = (angleDeg - geometry.openAngleDeg) / span;
  return flexion < 0 ? 0 : flexion > 1 ? 1 : flexion;
}

/** The servo angle for a flexion 0..1 (clamped). */
export function fingerAngleDeg(flexion: number, geometry: FingerGeometry): number {
  const f = flexion < 0 ? 0 : flexion > 1 ? 1 : flexion;
  return geometry.openAngleDeg + f * (geometry.closedAngleDeg - geometry.openAngleDeg);
}
