// One SVG per recording run, written by hand: per EMG site the firmware's level (hand.status()
// emg envelope) with its on/off thresholds over the baseline, the cue blocks shaded, onsets and
// first motions marked; below, the finger position (physical and commanded) and the state.

import { RecordingRun } from './types';

const W = 1200;
const LEFT = 60;
const RIGHT = 20;
const PANEL_H = 150;
const GAP = 28;
const STATE_COLOURS: Record<string, string> = {
  booting: '#bbbbbb',
  ready: '#d8ecd8',
  moving: '#4caf50',
  holding: '#2e7d32',
  fault: '#e53935',
  calibrating: '#ffb300',
};
const CUE_COLOURS = { rest: 'none', close: '#fde2c8', open: '#cfe3fb' };

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Every k-th row so a path has at most ~2 points per pixel. */
function thin<T>(rows: T[], maxPoints: number): T[] {
  const k = Math.max(1, Math.ceil(rows.length / maxPoints));
  return k === 1 ? rows : rows.filter((_, i) => i % k === 0);
}

export function plotRun(run: RecordingRun, title: string): string {
  const rows = thin(run.rows.filter((r) => r.tS - run.offsetS >= 0), 2 * (W - LEFT - RIGHT));
  const t0 = 0;
  const t1 = Math.max(...run.cues.map((c) => c.toS), rows.length ? rows[rows.length - 1].tS - run.offsetS : 1);
  const x = (tS: number) => LEFT + ((tS - t0) / (t1 - t0)) * (W - LEFT - RIGHT);
  const panels = 3;
  const H = 40 + panels * (PANEL_H + GAP) + 30;
  const top = (p: number) => 40 + p * (PANEL_H + GAP);
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`);
  out.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  out.push(`<text x="${LEFT}" y="18" font-size="14">${esc(title)}</text>`);
  out.push(
    `<text x="${LEFT}" y="32" fill="#555">level (hand.status() envelope${run.signal === 'raw' ? ', RMS of the raw signal' : ''}) black; on/off thresholds red/orange; baseline grey; onsets blue dashed; first motions green; harness commands purple</text>`,
  );
  for (let p = 0; p < panels; p++) {
    const y0 = top(p);
    // cue shading
    for (const c of run.cues) {
      const fill = CUE_COLOURS[c.kind];
      if (fill !== 'none') out.push(`<rect x="${x(c.fromS).toFixed(1)}" y="${y0}" width="${(x(c.toS) - x(c.fromS)).toFixed(1)}" height="${PANEL_H}" fill="${fill}"/>`);
    }
    out.push(`<rect x="${LEFT}" y="${y0}" width="${W - LEFT - RIGHT}" height="${PANEL_H}" fill="none" stroke="#999"/>`);
  }
  // site panels
  for (let s = 0; s < 2; s++) {
    const y0 = top(s);
    const maxLevel = run.maxLevel[s];
    const yMax = Math.max(maxLevel * 1.15, ...rows.map((r) => r.envelope[s] ?? 0)) || 1;
    const y = (v: number) => y0 + PANEL_H - (Math.min(v, yMax) / yMax) * PANEL_H;
    const path = (f: (r: (typeof rows)[number]) => number) =>
      rows
        .filter((r) => Number.isFinite(f(r)))
        .map((r, i) => `${i ? 'L' : 'M'}${x(r.tS - run.offsetS).toFixed(1)},${y(f(r)).toFixed(1)}`)
        .join('');
    out.push(`<path d="${path((r) => r.baseline[s])}" fill="none" stroke="#999" stroke-width="1"/>`);
    out.push(`<path d="${path((r) => r.baseline[s] + run.onLevel * (maxLevel - r.baseline[s]))}" fill="none" stroke="#e53935" stroke-width="1"/>`);
    out.push(`<path d="${path((r) => r.baseline[s] + run.offLevel * (maxLevel - r.baseline[s]))}" fill="none" stroke="#fb8c00" stroke-width="1" stroke-dasharray="4 3"/>`);
    out.push(`<path d="${path((r) => r.envelope[s])}" fill="none" stroke="black" stroke-width="1"/>`);
    // on periods as a bar at the panel's top
    let onFrom: number | null = null;
    for (const r of rows.concat([{ ...rows[rows.length - 1], on: [false, false] }])) {
      const t = r.tS - run.offsetS;
      if (r.on[s] && onFrom === null) onFrom = t;
      if (!r.on[s] && onFrom !== null) {
        out.push(`<rect x="${x(onFrom).toFixed(1)}" y="${y0 + 2}" width="${Math.max(1, x(t) - x(onFrom)).toFixed(1)}" height="5" fill="#e53935"/>`);
        onFrom = null;
      }
    }
    const site = s === 0 ? 'flexor (close)' : 'extensor (open)';
    const chan = s === 0 ? run.channels.flexor : run.channels.extensor;
    out.push(`<text x="${LEFT + 4}" y="${y0 + 18}">${esc(`${site}: ${chan}, gain ${(s === 0 ? run.gains.flexor : run.gains.extensor).toPrecision(3)}; red bar = site on`)}</text>`);
    out.push(`<text x="${LEFT - 4}" y="${y0 + 10}" text-anchor="end">${yMax.toFixed(2)}</text><text x="${LEFT - 4}" y="${y0 + PANEL_H}" text-anchor="end">0</text>`);
  }
  // fingers and state
  {
    const y0 = top(2);
    const y = (v: number) => y0 + PANEL_H - 14 - v * (PANEL_H - 24);
    const mean = (a: number[]) => a.reduce((p, q) => p + q, 0) / a.length;
    let prev: { t: number; state: string } | null = null;
    for (const r of rows.concat([{ ...rows[rows.length - 1], state: '' }])) {
      const t = r.tS - run.offsetS;
      if (!prev || prev.state !== r.state) {
        if (prev) out.push(`<rect x="${x(prev.t).toFixed(1)}" y="${y0 + PANEL_H - 10}" width="${Math.max(0.5, x(t) - x(prev.t)).toFixed(1)}" height="10" fill="${STATE_COLOURS[prev.state] ?? '#ddd'}"/>`);
        prev = { t, state: r.state };
      }
    }
    const line = (f: (r: (typeof rows)[number]) => number, colour: string, dash = '') =>
      `<path d="${rows
        .filter((r) => Number.isFinite(f(r)))
        .map((r, i) => `${i ? 'L' : 'M'}${x(r.tS - run.offsetS).toFixed(1)},${y(f(r)).toFixed(1)}`)
        .join('')}" fill="none" stroke="${colour}" stroke-width="1.5"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`;
    out.push(line((r) => r.command, '#1e88e5', '4 3'));
    out.push(line((r) => mean(r.flexion), 'black'));
    out.push(`<text x="${LEFT + 4}" y="${y0 + 14}">fingers: physical mean flexion (black), commanded (blue dashed); state band: ${Object.entries(STATE_COLOURS)
      .map(([k]) => k)
      .join(' / ')} (grey/light green/green/dark green/red/amber)</text>`);
    out.push(`<text x="${LEFT - 4}" y="${y(1) + 4}" text-anchor="end">closed</text><text x="${LEFT - 4}" y="${y(0) + 4}" text-anchor="end">open</text>`);
  }
  // markers across all panels
  const yTop = top(0);
  const yBottom = top(2) + PANEL_H;
  for (const t of run.onsets) out.push(`<line x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="${yTop}" y2="${yBottom}" stroke="#1e88e5" stroke-dasharray="3 3"/>`);
  for (const t of run.motions) out.push(`<line x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="${yTop}" y2="${yBottom}" stroke="#2e7d32"/>`);
  for (const c of run.commands) out.push(`<line x1="${x(c.tS).toFixed(1)}" x2="${x(c.tS).toFixed(1)}" y1="${top(2)}" y2="${yBottom}" stroke="#8e24aa"/>`);
  // time axis
  const axisY = yBottom + 16;
  const stepS = t1 > 30 ? 5 : t1 > 8 ? 1 : 0.5;
  for (let t = 0; t <= t1 + 1e-9; t += stepS) out.push(`<text x="${x(t).toFixed(1)}" y="${axisY}" text-anchor="middle">${+t.toFixed(1)}</text>`);
  out.push(`<text x="${W - RIGHT}" y="${axisY + 12}" text-anchor="end">recording time, s (orange: closing cue, blue: opening cue)</text>`);
  out.push('</svg>');
  return out.join('\n');
}
