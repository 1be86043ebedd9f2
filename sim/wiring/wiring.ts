// The wiring diagram (SVG) of a configuration's pin map: the Pico, the EMG sensors, the flex
// sensors, the servos, the battery with its sense divider and the servo supply. Generated from
// the configuration document (firmware/config), never drawn by hand: `npm run wiring` writes
// docs/wiring.svg from defaultConfig(), the simulator page draws the running configuration.
// Deterministic: the same configuration gives the same text, byte for byte.

import type { Config } from '../../firmware/config/types';

export interface WiringOptions {
  /** A line under the title, e.g. where the configuration came from. */
  subtitle?: string;
}

const W = 1000;
const ROW = 34;
const BOARD_X = 400;
const BOARD_W = 200;
const PAD_W = 44;
const PAD_H = 20;

const COLOURS = {
  emg: '#7b3fb3',
  flex: '#0f8a83',
  servo: '#d9771a',
  power: '#c62828',
  ground: '#333333',
  sense: '#1f5fbf',
  board: '#1d5c3a',
  boardEdge: '#123d26',
  pad: '#d8b45a',
  text: '#1b1f24',
  muted: '#5c6670',
};

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function fmt(n: number): string {
  return String(Math.round(n * 10) / 10);
}

/** Resistances for a divider that puts `ratio` of the pack voltage on the pin (bottom leg 100 kΩ). */
export function dividerResistors(ratio: number): { topKOhm: number; bottomKOhm: number } {
  const bottom = 100;
  if (!(ratio > 0 && ratio < 1)) return { topKOhm: 0, bottomKOhm: bottom };
  return { topKOhm: Math.round((bottom * (1 - ratio)) / ratio), bottomKOhm: bottom };
}

function siteName(i: number, n: number): string {
  if (n === 1) return 'EMG';
  return i === 0 ? 'EMG close (flexor)' : i === 1 ? 'EMG open (extensor)' : `EMG ${i + 1}`;
}

export function wiringSvg(cfg: Config, opts: WiringOptions = {}): string {
  const emg = cfg.emg ?? [];
  const flex = cfg.flexPins ?? [];
  const fingers = cfg.fingers ?? [];
  const names = fingers.map((f, i) => f.name || `finger ${i + 1}`);
  const flexName = (i: number) => names[i] ?? `flex ${i + 1}`;

  // ---- pad rows: left (analog inputs), right (servo outputs)
  const top = 150;
  const leftRows: { pin: string; kind: 'emg' | 'flex' | 'sense'; label: string; y: number }[] = [];
  let y = top + 30;
  emg.forEach((s, i) => {
    leftRows.push({ pin: s.pin, kind: 'emg', label: siteName(i, emg.length), y });
    y += ROW + 10;
  });
  y += 14;
  flex.forEach((pin, i) => {
    leftRows.push({ pin, kind: 'flex', label: `flex ${flexName(i)}`, y });
    y += ROW;
  });
  y += 14;
  leftRows.push({ pin: cfg.battery.pin, kind: 'sense', label: 'battery sense', y });
  const leftBottom = y;

  const rightRows = fingers.map((f, i) => ({ pin: f.pin, label: `servo ${names[i]}`, y: top + 60 + i * (ROW + 22) }));
  const rightBottom = rightRows.length ? rightRows[rightRows.length - 1].y : top;

  const boardTop = top;
  const boardBottom = Math.max(leftBottom, rightBottom) + 60;
  const powerY = boardBottom + 70; // battery / supply row
  const H = powerY + 160;

  const out: string[] = [];
  const push = (s: string) => out.push(s);
  push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-labelledby="wiring-title wiring-desc" font-family="Helvetica, Arial, sans-serif">`);
  push(`<title id="wiring-title">Grasp wiring: Espruino Pico pin map</title>`);
  const desc = [
    ...emg.map((s, i) => `${siteName(i, emg.length)} on ${s.pin}`),
    ...flex.map((p, i) => `flex ${flexName(i)} on ${p}`),
    ...fingers.map((f, i) => `servo ${names[i]} on ${f.pin}`),
    `battery sense on ${cfg.battery.pin} through a ${cfg.battery.dividerRatio} divider`,
  ].join('; ');
  push(`<desc id="wiring-desc">${esc(desc)}</desc>`);
  push(`<rect x="0" y="0" width="${W}" height="${H}" fill="#ffffff"/>`);
  push(`<text x="24" y="38" font-size="22" font-weight="bold" fill="${COLOURS.text}">Grasp wiring</text>`);
  push(`<text x="24" y="62" font-size="13" fill="${COLOURS.muted}">${esc(opts.subtitle ?? 'Generated from the configuration; pins as the firmware uses them.')}</text>`);

  // ---- legend
  const legend: [string, string][] = [
    ['EMG signal', COLOURS.emg],
    ['flex sensor', COLOURS.flex],
    ['servo signal', COLOURS.servo],
    ['battery / servo supply +', COLOURS.power],
    ['ground', COLOURS.ground],
    ['battery sense', COLOURS.sense],
  ];
  let lx = 24;
  for (const [label, colour] of legend) {
    push(`<line x1="${lx}" y1="88" x2="${lx + 22}" y2="88" stroke="${colour}" stroke-width="3"/>`);
    push(`<text x="${lx + 28}" y="92" font-size="12" fill="${COLOURS.text}">${esc(label)}</text>`);
    lx += 34 + label.length * 6.4;
  }

  // ---- the board
  push(`<g aria-label="Espruino Pico">`);
  push(`<rect x="${BOARD_X}" y="${boardTop}" width="${BOARD_W}" height="${boardBottom - boardTop}" rx="10" fill="${COLOURS.board}" stroke="${COLOURS.boardEdge}" stroke-width="2"/>`);
  push(`<rect x="${BOARD_X + BOARD_W / 2 - 26}" y="${boardTop - 14}" width="52" height="22" rx="3" fill="#b9bec4" stroke="#7d848b"/>`);
  push(`<text x="${BOARD_X + BOARD_W / 2}" y="${boardTop - 20}" font-size="11" text-anchor="middle" fill="${COLOURS.muted}">USB</text>`);
  push(`<text x="${BOARD_X + BOARD_W / 2}" y="${boardTop + 40}" font-size="16" font-weight="bold" text-anchor="middle" fill="#ffffff">Espruino Pico</text>`);
  const midY = (boardTop + boardBottom) / 2;
  ['on the board:', 'LED1 red', 'LED2 green', 'button BTN'].forEach((t, i) =>
    push(`<text x="${BOARD_X + BOARD_W / 2}" y="${fmt(midY - 20 + i * 15)}" font-size="10.5" text-anchor="middle" fill="#cfe8d8">${t}</text>`),
  );
  push(`</g>`);

  const pad = (x: number, yy: number, pin: string) => {
    push(`<rect x="${fmt(x)}" y="${fmt(yy - PAD_H / 2)}" width="${PAD_W}" height="${PAD_H}" rx="3" fill="${COLOURS.pad}" stroke="#8a6d25"/>`);
    push(`<text x="${fmt(x + PAD_W / 2)}" y="${fmt(yy + 4)}" font-size="12" font-weight="bold" text-anchor="middle" fill="#1b1f24">${esc(pin)}</text>`);
  };

  // ---- left: sensors
  const compX = 70;
  const compW = 220;
  for (const r of leftRows) {
    const colour = r.kind === 'emg' ? COLOURS.emg : r.kind === 'flex' ? COLOURS.flex : COLOURS.sense;
    pad(BOARD_X + 6, r.y, r.pin);
    if (r.kind === 'sense') continue; // drawn with the battery below
    const h = r.kind === 'emg' ? 36 : 26;
    push(`<g aria-label="${esc(r.label)} to pin ${esc(r.pin)}">`);
    push(`<rect x="${compX}" y="${fmt(r.y - h / 2)}" width="${compW}" height="${h}" rx="5" fill="#f5f1fa" stroke="${colour}" stroke-width="1.5"/>`);
    push(`<text x="${compX + 10}" y="${fmt(r.y + (r.kind === 'emg' ? -2 : 4))}" font-size="13" fill="${COLOURS.text}">${esc(r.label)}</text>`);
    if (r.kind === 'emg') {
      push(`<text x="${compX + 10}" y="${fmt(r.y + 12)}" font-size="10.5" fill="${COLOURS.muted}">${esc(`${emg[leftRows.indexOf(r)]?.signal ?? 'envelope'} out · + to 3.3V, − to GND`)}</text>`);
    } else {
      push(`<text x="${compX + compW - 8}" y="${fmt(r.y + 4)}" font-size="10.5" text-anchor="end" fill="${COLOURS.muted}">3.3V ─ flex ─┬─ 10k ─ GND</text>`);
    }
    push(`<line x1="${compX + compW}" y1="${fmt(r.y)}" x2="${BOARD_X + 6}" y2="${fmt(r.y)}" stroke="${colour}" stroke-width="2.5"/>`);
    push(`<circle cx="${compX + compW}" cy="${fmt(r.y)}" r="3" fill="${colour}"/>`);
    push(`</g>`);
  }
  if (emg.length) {
    const y0 = leftRows[0].y - 34;
    push(`<text x="${compX}" y="${fmt(y0)}" font-size="12" font-weight="bold" fill="${COLOURS.muted}">EMG SENSORS (ADC)</text>`);
  }
  const firstFlex = leftRows.find((r) => r.kind === 'flex');
  if (firstFlex) push(`<text x="${compX}" y="${fmt(firstFlex.y - 22)}" font-size="12" font-weight="bold" fill="${COLOURS.muted}">FLEX SENSORS (ADC, divider to the pin)</text>`);

  // ---- right: servos, with the supply bus
  const sx = 700;
  const sw = 210;
  const busX = 960;
  const gndX = 944;
  if (rightRows.length) {
    push(`<text x="${sx}" y="${fmt(rightRows[0].y - 34)}" font-size="12" font-weight="bold" fill="${COLOURS.muted}">SERVOS (hardware PWM, 50 Hz)</text>`);
  }
  for (let i = 0; i < rightRows.length; i++) {
    const r = rightRows[i];
    const f = fingers[i];
    pad(BOARD_X + BOARD_W - PAD_W - 6, r.y, r.pin);
    push(`<g aria-label="${esc(r.label)} on pin ${esc(r.pin)}">`);
    push(`<line x1="${BOARD_X + BOARD_W - 6}" y1="${fmt(r.y)}" x2="${sx}" y2="${fmt(r.y)}" stroke="${COLOURS.servo}" stroke-width="2.5"/>`);
    push(`<rect x="${sx}" y="${fmt(r.y - 20)}" width="${sw}" height="40" rx="5" fill="#fdf4ea" stroke="${COLOURS.servo}" stroke-width="1.5"/>`);
    push(`<text x="${sx + 10}" y="${fmt(r.y - 3)}" font-size="13" fill="${COLOURS.text}">${esc(r.label)}</text>`);
    const open = f.inverted ? f.maxPulseUs : f.minPulseUs;
    const closed = f.inverted ? f.minPulseUs : f.maxPulseUs;
    push(`<text x="${sx + 10}" y="${fmt(r.y + 13)}" font-size="10.5" fill="${COLOURS.muted}">${esc(`open ${open} µs · closed ${closed} µs`)}</text>`);
    // V+ and GND to the buses
    push(`<line x1="${sx + sw}" y1="${fmt(r.y - 8)}" x2="${busX}" y2="${fmt(r.y - 8)}" stroke="${COLOURS.power}" stroke-width="2"/>`);
    push(`<line x1="${sx + sw}" y1="${fmt(r.y + 8)}" x2="${gndX}" y2="${fmt(r.y + 8)}" stroke="${COLOURS.ground}" stroke-width="2"/>`);
    push(`<circle cx="${busX}" cy="${fmt(r.y - 8)}" r="3" fill="${COLOURS.power}"/>`);
    push(`<circle cx="${gndX}" cy="${fmt(r.y + 8)}" r="3" fill="${COLOURS.ground}"/>`);
    push(`</g>`);
  }

  // ---- bottom: power pads, battery, divider, servo supply
  const padsY = boardBottom - 22;
  const batPadX = BOARD_X + 16;
  const gndPadX = BOARD_X + BOARD_W / 2 - PAD_W / 2;
  const v33PadX = BOARD_X + BOARD_W - PAD_W - 16;
  pad(batPadX, padsY, 'BAT');
  pad(gndPadX, padsY, 'GND');
  pad(v33PadX, padsY, '3.3V');
  push(`<text x="${v33PadX + PAD_W / 2}" y="${padsY - 16}" font-size="10" text-anchor="middle" fill="#cfe8d8">sensors only</text>`);

  const batX = 70;
  const batW = 170;
  const batY = powerY + 30;
  push(`<g aria-label="battery pack and servo supply">`);
  push(`<text x="${batX}" y="${powerY - 14}" font-size="12" font-weight="bold" fill="${COLOURS.muted}">POWER</text>`);
  push(`<rect x="${batX}" y="${batY - 28}" width="${batW}" height="56" rx="6" fill="#fdecec" stroke="${COLOURS.power}" stroke-width="1.5"/>`);
  push(`<text x="${batX + 12}" y="${batY - 6}" font-size="13" fill="${COLOURS.text}">Battery pack</text>`);
  push(`<text x="${batX + 12}" y="${batY + 12}" font-size="10.5" fill="${COLOURS.muted}">1S LiPo (3.7 V) by default</text>`);
  // + rail from the battery: to the Pico's BAT pad, and to the servo supply bus
  const plusY = batY - 44;
  push(`<line x1="${batX + batW - 20}" y1="${batY - 28}" x2="${batX + batW - 20}" y2="${plusY}" stroke="${COLOURS.power}" stroke-width="2.5"/>`);
  push(`<line x1="${batX + batW - 20}" y1="${plusY}" x2="${busX}" y2="${plusY}" stroke="${COLOURS.power}" stroke-width="2.5"/>`);
  push(`<line x1="${batPadX + PAD_W / 2}" y1="${padsY + PAD_H / 2}" x2="${batPadX + PAD_W / 2}" y2="${plusY}" stroke="${COLOURS.power}" stroke-width="2.5"/>`);
  push(`<circle cx="${batPadX + PAD_W / 2}" cy="${plusY}" r="3.5" fill="${COLOURS.power}"/>`);
  push(`<line x1="${busX}" y1="${plusY}" x2="${busX}" y2="${fmt((rightRows[0]?.y ?? top) - 8)}" stroke="${COLOURS.power}" stroke-width="2.5"/>`);
  push(`<text x="${busX - 6}" y="${plusY - 8}" font-size="11" text-anchor="end" fill="${COLOURS.power}">servo supply + (battery, or a 5–6 V regulator rated for the stall current)</text>`);
  // ground rail
  const gY = batY + 48;
  push(`<line x1="${batX + 20}" y1="${batY + 28}" x2="${batX + 20}" y2="${gY}" stroke="${COLOURS.ground}" stroke-width="2.5"/>`);
  push(`<line x1="${batX + 20}" y1="${gY}" x2="${gndX}" y2="${gY}" stroke="${COLOURS.ground}" stroke-width="2.5"/>`);
  push(`<line x1="${gndX}" y1="${gY}" x2="${gndX}" y2="${fmt((rightRows[0]?.y ?? top) + 8)}" stroke="${COLOURS.ground}" stroke-width="2.5"/>`);
  push(`<line x1="${gndPadX + PAD_W / 2}" y1="${padsY + PAD_H / 2}" x2="${gndPadX + PAD_W / 2}" y2="${gY}" stroke="${COLOURS.ground}" stroke-width="2.5"/>`);
  push(`<circle cx="${gndPadX + PAD_W / 2}" cy="${gY}" r="3.5" fill="${COLOURS.ground}"/>`);
  push(`<text x="${batX + 30}" y="${gY + 16}" font-size="11" fill="${COLOURS.ground}">common ground: battery −, Pico GND, servos, sensors</text>`);
  push(`</g>`);

  // divider: battery + -> R top -> node -> R bottom -> GND; node -> sense pad
  const sense = leftRows[leftRows.length - 1];
  const { topKOhm, bottomKOhm } = dividerResistors(cfg.battery.dividerRatio);
  const dx = 345;
  push(`<g aria-label="${esc(`battery divider, ratio ${cfg.battery.dividerRatio}, to pin ${cfg.battery.pin}`)}">`);
  const rTop = plusY + 10;
  const node = batY + 2;
  push(`<line x1="${dx}" y1="${plusY}" x2="${dx}" y2="${rTop}" stroke="${COLOURS.power}" stroke-width="2"/>`);
  push(`<circle cx="${dx}" cy="${plusY}" r="3" fill="${COLOURS.power}"/>`);
  push(`<rect x="${dx - 7}" y="${rTop}" width="14" height="26" fill="#fff" stroke="${COLOURS.text}" stroke-width="1.5"/>`);
  push(`<line x1="${dx}" y1="${rTop + 26}" x2="${dx}" y2="${node + 6}" stroke="${COLOURS.sense}" stroke-width="2"/>`);
  push(`<rect x="${dx - 7}" y="${node + 6}" width="14" height="26" fill="#fff" stroke="${COLOURS.text}" stroke-width="1.5"/>`);
  push(`<line x1="${dx}" y1="${node + 32}" x2="${dx}" y2="${gY}" stroke="${COLOURS.ground}" stroke-width="2"/>`);
  push(`<circle cx="${dx}" cy="${gY}" r="3" fill="${COLOURS.ground}"/>`);
  push(`<text x="${dx + 12}" y="${rTop + 17}" font-size="10.5" fill="${COLOURS.text}">${topKOhm} kΩ</text>`);
  push(`<text x="${dx + 12}" y="${node + 23}" font-size="10.5" fill="${COLOURS.text}">${bottomKOhm} kΩ</text>`);
  // node up to the sense pad
  const senseY = sense.y;
  push(`<circle cx="${dx}" cy="${node}" r="3" fill="${COLOURS.sense}"/>`);
  push(`<polyline points="${dx},${node} ${dx - 40},${node} ${dx - 40},${fmt(senseY)} ${BOARD_X + 6},${fmt(senseY)}" fill="none" stroke="${COLOURS.sense}" stroke-width="2.5"/>`);
  push(`<text x="${compX}" y="${fmt(senseY + 4)}" font-size="13" fill="${COLOURS.text}">${esc(`battery sense: divider ratio ${cfg.battery.dividerRatio}`)}</text>`);
  push(`</g>`);

  // ---- notes
  const notesY = H - 32;
  const notes = [
    'Power the servos from the battery (or a 5–6 V regulator able to supply their stall current), never from the Pico’s 3.3 V pin; join the grounds.',
    'Avoid B6/B7: they become the serial console when USB is unplugged. Servo pins need hardware PWM; sensor pins need an ADC.',
  ];
  notes.forEach((n, i) => push(`<text x="24" y="${notesY + i * 17}" font-size="11.5" fill="${COLOURS.muted}">${esc(n)}</text>`));
  push(`</svg>`);
  return out.join('\n') + '\n';
}
