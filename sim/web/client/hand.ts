// The hand drawing: a right hand seen from the palm side, five fingers whose joints bend with
// the simulated finger flexion (0 open .. 1 closed, from the servo angles), foreshortened as
// they curl towards the viewer; the object in the hand when one is placed; a stalled finger in
// red. Each finger's <g> carries data-flexion and an aria-label with its position.

const NS = 'http://www.w3.org/2000/svg';

interface FingerGeom {
  x: number;
  y: number;
  width: number;
  lengths: number[];
}

/** little, ring, middle, index (left to right as seen), the thumb separately. */
const FINGERS: Record<string, FingerGeom> = {
  little: { x: 98, y: 190, width: 24, lengths: [38, 25, 20] },
  ring: { x: 132, y: 180, width: 27, lengths: [47, 31, 24] },
  middle: { x: 167, y: 176, width: 28, lengths: [51, 34, 25] },
  index: { x: 202, y: 181, width: 27, lengths: [46, 30, 24] },
};
/** Joint bend at full closure (MCP, PIP, DIP), degrees. */
const BEND = [85, 100, 65];
const ORDER = ['thumb', 'index', 'middle', 'ring', 'little'];

function el<K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number>, parent?: Element): SVGElementTagNameMap[K] {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (parent) parent.appendChild(e);
  return e;
}

function mix(a: number[], b: number[], t: number): string {
  const c = a.map((v, i) => Math.round(v + (b[i] - v) * t));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

const SKIN_UP = [214, 224, 236]; // a segment seen full length
const SKIN_END = [150, 168, 190]; // seen end-on
const SKIN_BACK = [178, 192, 210]; // folded over, its back towards us
const OUTLINE = '#3d4b5c';
const STALL = '#e07000';

export class HandView {
  readonly svg: SVGSVGElement;
  private readonly groups = new Map<string, SVGGElement>();
  private readonly objectLayer: SVGGElement;
  private readonly fingerLayer: SVGGElement;
  private readonly labels = new Map<string, HTMLLIElement>();
  private names: string[] = ORDER.slice();

  constructor(parent: HTMLElement) {
    this.svg = el('svg', { viewBox: '40 40 250 380', role: 'img', 'aria-labelledby': 'handTitle', class: 'hand-svg' });
    const title = el('title', { id: 'handTitle' }, this.svg);
    title.textContent = 'The simulated hand';
    // forearm, socket and palm
    el('rect', { x: 96, y: 318, width: 124, height: 100, rx: 10, fill: '#5f6f82', stroke: OUTLINE, 'stroke-width': 2 }, this.svg);
    el('rect', { x: 90, y: 306, width: 136, height: 20, rx: 5, fill: '#465566', stroke: OUTLINE, 'stroke-width': 2 }, this.svg);
    const palm = 'M 84 200 Q 84 180 104 178 L 218 176 Q 236 178 238 200 L 242 262 Q 244 300 214 312 L 104 312 Q 80 304 82 270 Z';
    el('path', { d: palm, fill: mix(SKIN_UP, SKIN_END, 0.1), stroke: OUTLINE, 'stroke-width': 2.5, 'stroke-linejoin': 'round' }, this.svg);
    // the thumb's base (thenar) and the screws of a printed hand
    el('path', { d: 'M 204 312 Q 246 300 246 252 L 230 236 Q 214 280 190 300 Z', fill: mix(SKIN_UP, SKIN_END, 0.25), stroke: OUTLINE, 'stroke-width': 1.5, 'stroke-linejoin': 'round' }, this.svg);
    for (const [x, y] of [[110, 290], [206, 290], [110, 206], [206, 204]]) el('circle', { cx: x, cy: y, r: 3, fill: '#8796a8' }, this.svg);
    const txt = el('text', { x: 158, y: 372, 'text-anchor': 'middle', 'font-size': 12, fill: '#e8eef5' }, this.svg);
    txt.textContent = 'Grasp';
    this.objectLayer = el('g', { class: 'object-layer' }, this.svg);
    this.fingerLayer = el('g', {}, this.svg);
    for (const name of ORDER) {
      const g = el('g', { class: 'finger', 'data-finger': name, 'data-flexion': '0', role: 'img', 'aria-label': `${name} open` }, this.fingerLayer);
      this.groups.set(name, g);
    }
    parent.appendChild(this.svg);
    // per-finger readouts, thumb..little
    const list = document.createElement('ul');
    list.className = 'finger-list';
    list.setAttribute('aria-label', 'Finger positions');
    for (const name of ORDER) {
      const li = document.createElement('li');
      li.innerHTML = `<span class="fname"></span><span class="fbar" role="meter" aria-valuemin="0" aria-valuemax="100" aria-valuenow="0"><span class="ffill"></span></span><span class="fpct">0 %</span>`;
      list.appendChild(li);
      this.labels.set(name, li);
    }
    parent.appendChild(list);
    this.update([0, 0, 0, 0, 0], [false, false, false, false, false], [null, null, null, null, null]);
  }

  /** Finger names as the firmware calls them (thumb..little order); only labels change. */
  setNames(names: string[]): void {
    this.names = ORDER.map((d, i) => names[i] || d);
  }

  /** flexion/stalled/object in thumb..little order. */
  update(flexion: number[], stalled: boolean[], object: (number | null)[]): void {
    ORDER.forEach((name, i) => {
      const f = Math.max(0, Math.min(1, flexion[i] ?? 0));
      const g = this.groups.get(name)!;
      while (g.firstChild) g.removeChild(g.firstChild);
      if (name === 'thumb') this.drawThumb(g, f, !!stalled[i]);
      else this.drawFinger(g, FINGERS[name], f, !!stalled[i]);
      const pct = Math.round(f * 100);
      g.setAttribute('data-flexion', f.toFixed(3));
      g.setAttribute('data-stalled', stalled[i] ? 'true' : 'false');
      const shown = this.names[i] ?? name;
      g.setAttribute('aria-label', `${shown} ${pct} % closed${stalled[i] ? ', stalled' : ''}`);
      const li = this.labels.get(name)!;
      li.classList.toggle('stalled', !!stalled[i]);
      li.querySelector('.fname')!.textContent = shown + (stalled[i] ? ' ⚠ stalled' : '');
      li.querySelector<HTMLElement>('.ffill')!.style.width = `${pct}%`;
      const bar = li.querySelector<HTMLElement>('.fbar')!;
      bar.setAttribute('aria-valuenow', String(pct));
      bar.setAttribute('aria-label', `${shown} closed`);
      li.querySelector('.fpct')!.textContent = `${pct} %`;
    });
    this.drawObject(object);
  }

  private drawFinger(g: SVGGElement, geom: FingerGeom, f: number, stalled: boolean): void {
    let x = geom.x;
    let y = geom.y;
    let theta = 0;
    const pts: { x1: number; y1: number; x2: number; y2: number; theta: number; w: number }[] = [];
    geom.lengths.forEach((len, k) => {
      theta += BEND[k] * f;
      const c = Math.cos((theta * Math.PI) / 180);
      const ny = y - len * c;
      // a segment curling towards the viewer widens a little (it comes closer)
      const w = geom.width * (1 - k * 0.08) * (1 + 0.12 * Math.sin((theta * Math.PI) / 180));
      pts.push({ x1: x, y1: y, x2: x, y2: ny, theta, w });
      y = ny;
    });
    for (const p of pts) {
      const c = Math.cos((p.theta * Math.PI) / 180);
      const fill = c >= 0 ? mix(SKIN_END, SKIN_UP, c) : mix(SKIN_END, SKIN_BACK, -c);
      // a capsule: a thick outline line under a slightly thinner fill line
      const y2 = Math.abs(p.y2 - p.y1) < 0.5 ? p.y1 + 0.5 : p.y2;
      el('line', { x1: p.x1, y1: p.y1, x2: p.x2, y2, stroke: stalled ? STALL : OUTLINE, 'stroke-width': p.w + 4, 'stroke-linecap': 'round' }, g);
      el('line', { x1: p.x1, y1: p.y1, x2: p.x2, y2, stroke: fill, 'stroke-width': p.w, 'stroke-linecap': 'round' }, g);
      el('circle', { cx: p.x1, cy: p.y1, r: 2.6, fill: '#7a8aa0' }, g);
    }
  }

  private drawThumb(g: SVGGElement, f: number, stalled: boolean): void {
    // Opposition: the thumb swings from pointing up and out to across the palm, and curls.
    let x = 238;
    let y = 246;
    let phi = 48 - f * 100; // degrees from vertical, positive = outwards (right)
    const lengths = [44, 34];
    const bends = [0, 40];
    let curl = 0;
    lengths.forEach((len, k) => {
      phi -= bends[k] * f;
      curl += 45 * f;
      const proj = len * Math.cos((curl * Math.PI) / 180);
      const nx = x + proj * Math.sin((phi * Math.PI) / 180);
      const ny = y - proj * Math.cos((phi * Math.PI) / 180);
      const c = Math.cos((curl * Math.PI) / 180);
      const fill = mix(SKIN_END, SKIN_UP, c);
      const w = 27 - k * 3;
      el('line', { x1: x, y1: y, x2: nx, y2: ny, stroke: stalled ? STALL : OUTLINE, 'stroke-width': w + 4, 'stroke-linecap': 'round' }, g);
      el('line', { x1: x, y1: y, x2: nx, y2: ny, stroke: fill, 'stroke-width': w, 'stroke-linecap': 'round' }, g);
      el('circle', { cx: x, cy: y, r: 2.6, fill: '#7a8aa0' }, g);
      x = nx;
      y = ny;
    });
  }

  private drawObject(object: (number | null)[]): void {
    const g = this.objectLayer;
    while (g.firstChild) g.removeChild(g.firstChild);
    const stops = object.filter((o): o is number => o !== null);
    if (!stops.length) {
      g.removeAttribute('aria-label');
      g.setAttribute('data-object', 'none');
      return;
    }
    const closure = stops.reduce((a, b) => a + b, 0) / stops.length;
    // A cup in front of the palm: the more closed the fingers are where they meet it, the thinner it is.
    const w = 150 - closure * 90;
    const cx = 160;
    const top = 196;
    const h = 100;
    g.setAttribute('data-object', 'cup');
    g.setAttribute('role', 'img');
    g.setAttribute('aria-label', `a cup in the hand; the fingers meet it at ${Math.round(closure * 100)} % closed`);
    el('rect', { x: cx - w / 2, y: top, width: w, height: h, rx: 8, fill: 'rgba(240, 160, 60, 0.55)', stroke: '#a85b12', 'stroke-width': 2 }, g);
    el('ellipse', { cx, cy: top, rx: w / 2, ry: 9, fill: 'rgba(255, 214, 150, 0.8)', stroke: '#a85b12', 'stroke-width': 2 }, g);
    const t = el('text', { x: cx, y: top + h - 10, 'text-anchor': 'middle', 'font-size': 11, fill: '#5a2e05' }, g);
    t.textContent = `cup · ${Math.round(closure * 100)} %`;
  }
}
