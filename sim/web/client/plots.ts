// Live plots (uPlot) over the last WINDOW_S of simulated time: per EMG site the pin value, the
// firmware's envelope and baseline (hand.status().emg) and its on/off thresholds in pin units
// (baseline + onLevel/offLevel x (maxLevel - baseline), from the configuration); finger
// positions; battery voltage.

import uPlot from 'uplot';
import type { Sample, UiConfig } from '../protocol';

export const WINDOW_S = 10;
const FINGER_COLOURS = ['#e4572e', '#2e86ab', '#5b8c2a', '#a23b72', '#f0a202'];

type Series = (number | null)[];

interface Chart {
  plot: uPlot;
  build: (buf: Sample[]) => uPlot.AlignedData;
}

export class Plots {
  private readonly buf: Sample[] = [];
  private readonly charts: Chart[] = [];
  private config: UiConfig | null = null;
  private dirty = false;

  constructor(private readonly parent: HTMLElement) {
    const ro = new ResizeObserver(() => this.resize());
    ro.observe(parent);
  }

  setConfig(cfg: UiConfig): void {
    const first = !this.config;
    this.config = cfg;
    if (first) this.create();
    this.dirty = true;
  }

  clear(): void {
    this.buf.length = 0;
    this.dirty = true;
  }

  push(samples: Sample[]): void {
    if (!samples.length) return;
    if (this.buf.length && samples[0].t < this.buf[this.buf.length - 1].t) this.buf.length = 0; // a new simulation
    for (const s of samples) this.buf.push(s);
    const from = this.buf[this.buf.length - 1].t - WINDOW_S;
    let cut = 0;
    while (cut < this.buf.length && this.buf[cut].t < from) cut++;
    if (cut) this.buf.splice(0, cut);
    this.dirty = true;
  }

  /** Redraw if anything changed (called once per animation frame). */
  draw(): void {
    if (!this.dirty || !this.charts.length) return;
    this.dirty = false;
    const end = this.buf.length ? this.buf[this.buf.length - 1].t : 0;
    const start = Math.max(0, end - WINDOW_S);
    for (const c of this.charts) {
      c.plot.batch(() => {
        c.plot.setData(c.build(this.buf), false);
        c.plot.setScale('x', { min: start, max: Math.max(start + WINDOW_S, end) });
      });
    }
  }

  private width(): number {
    return Math.max(300, this.parent.clientWidth - 8);
  }

  private resize(): void {
    for (const c of this.charts) c.plot.setSize({ width: this.width(), height: c.plot.height });
  }

  private add(title: string, id: string, height: number, series: uPlot.Series[], yRange: [number, number] | null, build: Chart['build'], yLabel: string): void {
    const padded: uPlot.Range.Function = (_u, min, max) => (min === null || max === null ? [0, 1] : [Math.floor((min - 0.05) * 10) / 10, Math.ceil((max + 0.05) * 10) / 10]);
    const box = document.createElement('figure');
    box.className = 'plot';
    box.id = id;
    box.setAttribute('aria-label', title);
    this.parent.appendChild(box);
    const opts: uPlot.Options = {
      title,
      width: this.width(),
      height,
      scales: { x: { time: false }, y: { range: yRange ?? padded } },
      series: [{ label: 't (s)', value: (_u, v) => (v === null || v === undefined ? '—' : v.toFixed(2)) }, ...series.map((s) => ({ points: { show: false }, ...s }))],
      axes: [
        { stroke: '#5c6670', grid: { stroke: '#eceff3' }, ticks: { stroke: '#d0d5db' }, values: (_u, vals) => vals.map((v) => v.toFixed(0) + ' s') },
        { stroke: '#5c6670', grid: { stroke: '#eceff3' }, ticks: { stroke: '#d0d5db' }, label: yLabel, labelSize: 18, size: 46 },
      ],
      legend: { live: true },
      cursor: { drag: { x: false, y: false } },
    };
    const plot = new uPlot(opts, [[], ...series.map(() => [])] as uPlot.AlignedData, box);
    this.charts.push({ plot, build });
  }

  private create(): void {
    const fmt = (d: number) => (_u: uPlot, v: number | null) => (v === null || v === undefined ? '—' : v.toFixed(d));
    const sites = ['flexor', 'extensor'];
    sites.forEach((site, k) => {
      const what = k === 0 ? 'close' : 'open';
      this.add(
        `EMG ${site} (${what})`,
        `plot-emg-${site}`,
        170,
        [
          { label: 'pin', stroke: 'rgba(120, 132, 150, 0.75)', width: 1, value: fmt(3) },
          { label: 'envelope', stroke: '#7b3fb3', width: 2, value: fmt(3) },
          { label: 'baseline', stroke: '#7b3fb3', width: 1, dash: [2, 3], value: fmt(3) },
          { label: 'on level', stroke: '#d32f2f', width: 1.5, dash: [7, 4], value: fmt(3) },
          { label: 'off level', stroke: '#ef8a17', width: 1.5, dash: [3, 3], value: fmt(3) },
          { label: 'effort asked', stroke: '#2a9d8f', width: 1, value: fmt(2), show: false },
        ],
        [0, 1],
        (buf) => {
          const cfg = this.config;
          const max = cfg?.sites[k]?.maxLevel;
          const on = cfg?.onLevel;
          const off = cfg?.offLevel;
          const t: number[] = [];
          const pin: Series = [];
          const env: Series = [];
          const base: Series = [];
          const onL: Series = [];
          const offL: Series = [];
          const eff: Series = [];
          for (const s of buf) {
            t.push(s.t);
            pin.push(s.emg[k]);
            env.push(s.envelope[k]);
            const b = s.baseline[k];
            base.push(b);
            const span = b !== null && typeof max === 'number' ? max - b : null;
            onL.push(span !== null && typeof on === 'number' ? b! + on * span : null);
            offL.push(span !== null && typeof off === 'number' ? b! + off * span : null);
            eff.push(s.effort[k]);
          }
          return [t, pin, env, base, onL, offL, eff];
        },
        'pin 0..1',
      );
    });
    this.add(
      'Finger positions (0 open, 1 closed)',
      'plot-fingers',
      160,
      (this.config?.fingers ?? []).map((f, i) => ({ label: f.name, stroke: FINGER_COLOURS[i % FINGER_COLOURS.length], width: 1.75, value: fmt(2) })),
      [-0.02, 1.02],
      (buf) => {
        const n = this.config?.fingers.length ?? 5;
        const cols: number[][] = [buf.map((s) => s.t)];
        for (let i = 0; i < n; i++) cols.push(buf.map((s) => s.flexion[i] ?? 0));
        return cols as unknown as uPlot.AlignedData;
      },
      'flexion',
    );
    this.add(
      'Battery',
      'plot-battery',
      130,
      [{ label: 'battery V', stroke: '#c62828', width: 1.75, value: fmt(3) }],
      null,
      (buf) => [buf.map((s) => s.t), buf.map((s) => s.batteryV)],
      'volts',
    );
  }
}
