// The simulator page: draws what the server's simulation pushes (sim/web/protocol.ts) and sends
// it commands. No simulation state lives here beyond what is drawn.

import type { ClientMessage, Frame, RecordingInfo, ScenarioInfo, ServerMessage, Speed, UiConfig } from '../protocol';
import { HandView } from './hand';
import { Plots } from './plots';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const SITES = ['flexor', 'extensor'] as const;
type SiteName = (typeof SITES)[number];
const HOLD_LEVEL = 0.6;
const LED_TRAIL_S = 4;

let ws: WebSocket | undefined;
let config: UiConfig | null = null;
let scenarios: ScenarioInfo[] = [];
let lastT = -1;
let wiringVersion = 0;
let fwBase = '';

const hand = new HandView($('handView'));
const plots = new Plots($('plots'));

// ---------------------------------------------------------------- connection

function send(msg: ClientMessage): void {
  if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(msg));
}

function connect(): void {
  const conn = $('conn');
  ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`);
  ws.onopen = () => {
    conn.textContent = 'connected';
    conn.className = 'conn ok';
  };
  ws.onclose = () => {
    conn.textContent = 'disconnected — retrying…';
    conn.className = 'conn bad';
    setTimeout(connect, 1000);
  };
  ws.onmessage = (ev) => {
    let msg: ServerMessage;
    try {
      msg = JSON.parse(String(ev.data));
    } catch {
      return;
    }
    onMessage(msg);
  };
}

function onMessage(msg: ServerMessage): void {
  switch (msg.type) {
    case 'hello':
      onHello(msg);
      return;
    case 'frame':
      onFrame(msg);
      return;
    case 'console':
      appendConsole(msg.text);
      return;
    case 'notice':
      toast(msg.text, msg.level);
      return;
    case 'checks':
      showChecks(msg.scenario, msg.ok, msg.results, msg.note);
      return;
    case 'recording':
      showRecording(msg.info);
      return;
  }
}

// ---------------------------------------------------------------- hello: configuration and lists

function onHello(msg: Extract<ServerMessage, { type: 'hello' }>): void {
  config = msg.config;
  buildSites(msg.config);
  hand.setNames(msg.config.fingers.map((f) => f.name));
  plots.setConfig(msg.config);
  const stall = $<HTMLSelectElement>('stallFinger');
  const keep = stall.value;
  stall.innerHTML = '';
  for (const f of msg.config.fingers) stall.add(new Option(`${f.name} (${f.pin})`, f.name));
  if (keep) stall.value = keep;
  if (!stall.value) stall.selectedIndex = 0;
  buildGlove(msg.config.fingers.map((f) => f.name));

  scenarios = msg.scenarios;
  const sel = $<HTMLSelectElement>('scenarioSel');
  const was = sel.value;
  sel.innerHTML = '';
  for (const s of scenarios) {
    const o = new Option(`${s.name} (${s.durationS} s)${s.unavailable ? ' — unavailable' : ''}`, s.file);
    o.disabled = !!s.unavailable;
    sel.add(o);
  }
  if (was) sel.value = was;
  showScenarioDesc();

  const recs = msg.recordings;
  const recFile = $<HTMLSelectElement>('recFile');
  if (!recs || !recs.length) {
    $('recordingBox').hidden = true;
    $('recNote').textContent = `No recorded EMG here (${msg.recordingsDir} is absent).`;
  } else if (recFile.options.length !== recs.length + 1) {
    $('recordingBox').hidden = false;
    $('recNote').textContent = `${recs.length} recordings in ${msg.recordingsDir}`;
    recFile.innerHTML = '';
    recFile.add(new Option('choose a file…', ''));
    for (const r of recs) recFile.add(new Option(r, r));
  }
  $('wiringSource').textContent = msg.config.source === 'firmware' ? 'from the running firmware’s configuration' : 'from the default configuration';
  $<HTMLImageElement>('wiringImg').src = `/wiring.svg?v=${++wiringVersion}`;
  fwBase = `${msg.version ? 'v' + msg.version + ' · ' : ''}${msg.config.mode ?? '?'} · ${msg.config.emgSignal} EMG · ${msg.config.servoModel}`;
  $('fwInfo').textContent = fwBase;
  setSpeedButtons(msg.speed);
}

function showScenarioDesc(): void {
  const s = scenarios.find((x) => x.file === $<HTMLSelectElement>('scenarioSel').value);
  $('scenarioDesc').textContent = s ? (s.unavailable ? `Unavailable: ${s.unavailable}. ` : '') + (s.description ?? '') : '';
}

// ---------------------------------------------------------------- muscles

const held: Record<SiteName, boolean> = { flexor: false, extensor: false };

function siteLevel(site: SiteName): number {
  const slider = document.querySelector<HTMLInputElement>(`.site[data-site="${site}"] input[type=range]`);
  const sustained = slider ? Number(slider.value) / 100 : 0;
  return held[site] ? Math.max(HOLD_LEVEL, sustained) : sustained;
}

function setHeld(site: SiteName, down: boolean): void {
  if (held[site] === down) return;
  held[site] = down;
  const btn = document.querySelector<HTMLButtonElement>(`.site[data-site="${site}"] .hold`);
  btn?.setAttribute('aria-pressed', String(down));
  btn?.classList.toggle('active', down);
  send({ cmd: 'effort', site, level: siteLevel(site), rampS: 0.15 });
}

function buildSites(cfg: UiConfig): void {
  const box = $('sites');
  for (const info of cfg.sites) {
    const site = info.site as SiteName;
    let el = box.querySelector<HTMLElement>(`.site[data-site="${site}"]`);
    const key = site === 'flexor' ? 'F' : 'E';
    if (!el) {
      el = document.createElement('div');
      el.className = 'site';
      el.dataset.site = site;
      el.innerHTML = `
        <div class="site-head">
          <strong>${site === 'flexor' ? 'Flexor' : 'Extensor'}</strong>
          <span class="muted small site-pin"></span>
          <span class="on-badge" aria-label="${site} switched on by the firmware">off</span>
        </div>
        <button type="button" class="hold" id="hold-${site}" aria-pressed="false">Hold to ${site === 'flexor' ? 'close' : 'open'} <kbd>${key}</kbd></button>
        <div class="slider-row">
          <label for="effort-${site}">sustained effort</label>
          <input type="range" id="effort-${site}" min="0" max="100" step="1" value="0">
          <output for="effort-${site}" class="effort-set">0 %</output>
        </div>
        <div class="meter-row"><span class="small muted">muscle</span><div class="meter" role="meter" aria-label="${site} muscle effort" aria-valuemin="0" aria-valuemax="100" aria-valuenow="0"><div class="fill"></div></div><output class="effort-now small">0 %</output></div>
        <div class="meter-row"><span class="small muted">firmware</span><div class="meter fw" role="meter" aria-label="${site} effort as the firmware sees it" aria-valuemin="0" aria-valuemax="100" aria-valuenow="0"><div class="fill"></div><div class="mark on-mark" title="on level"></div><div class="mark off-mark" title="off level"></div></div><output class="fw-now small">—</output></div>`;
      box.appendChild(el);
      const hold = el.querySelector<HTMLButtonElement>('.hold')!;
      hold.addEventListener('pointerdown', (e) => {
        hold.setPointerCapture(e.pointerId);
        setHeld(site, true);
      });
      const up = () => setHeld(site, false);
      hold.addEventListener('pointerup', up);
      hold.addEventListener('pointercancel', up);
      hold.addEventListener('lostpointercapture', up);
      hold.addEventListener('keydown', (e) => {
        if ((e.key === ' ' || e.key === 'Enter') && !e.repeat) {
          e.preventDefault();
          setHeld(site, true);
        }
      });
      hold.addEventListener('keyup', (e) => {
        if (e.key === ' ' || e.key === 'Enter') {
          e.preventDefault();
          setHeld(site, false);
        }
      });
      hold.addEventListener('click', (e) => e.preventDefault());
      const slider = el.querySelector<HTMLInputElement>('input[type=range]')!;
      slider.addEventListener('input', () => {
        el!.querySelector('.effort-set')!.textContent = `${slider.value} %`;
        send({ cmd: 'effort', site, level: siteLevel(site), rampS: 0.05 });
      });
    }
    el.querySelector('.site-pin')!.textContent = `${site === 'flexor' ? 'closes' : 'opens'} · pin ${info.pin}`;
    const fw = el.querySelector<HTMLElement>('.meter.fw')!;
    const on = fw.querySelector<HTMLElement>('.on-mark')!;
    const off = fw.querySelector<HTMLElement>('.off-mark')!;
    on.hidden = cfg.onLevel === null;
    off.hidden = cfg.offLevel === null;
    if (cfg.onLevel !== null) on.style.left = `${Math.min(100, cfg.onLevel * 100)}%`;
    if (cfg.offLevel !== null) off.style.left = `${Math.min(100, cfg.offLevel * 100)}%`;
  }
}

function isTyping(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null;
  if (!t) return false;
  return t.tagName === 'INPUT' && (t as HTMLInputElement).type !== 'range' && (t as HTMLInputElement).type !== 'checkbox' ? true : t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable;
}

window.addEventListener('keydown', (e) => {
  if (e.repeat || e.ctrlKey || e.metaKey || e.altKey || isTyping(e)) return;
  const k = e.key.toLowerCase();
  if (k === 'f') setHeld('flexor', true);
  else if (k === 'e') setHeld('extensor', true);
  else if (k === 'b') setButton(true);
  else return;
  e.preventDefault();
});
window.addEventListener('keyup', (e) => {
  const k = e.key.toLowerCase();
  if (k === 'f') setHeld('flexor', false);
  else if (k === 'e') setHeld('extensor', false);
  else if (k === 'b') setButton(false);
});
window.addEventListener('blur', () => {
  setHeld('flexor', false);
  setHeld('extensor', false);
  setButton(false);
});

// ---------------------------------------------------------------- Pico button

let buttonDown = false;
function setButton(down: boolean): void {
  if (buttonDown === down) return;
  buttonDown = down;
  send({ cmd: 'button', down });
  const b = $('picoBtn');
  b.setAttribute('aria-pressed', String(down));
  b.classList.toggle('active', down);
}
{
  const b = $('picoBtn');
  b.addEventListener('pointerdown', (e) => {
    b.setPointerCapture(e.pointerId);
    setButton(true);
  });
  for (const ev of ['pointerup', 'pointercancel', 'lostpointercapture']) b.addEventListener(ev, () => setButton(false));
  b.addEventListener('keydown', (e) => {
    if ((e.key === ' ' || e.key === 'Enter') && !e.repeat) {
      e.preventDefault();
      setButton(true);
    }
  });
  b.addEventListener('keyup', (e) => {
    if (e.key === ' ' || e.key === 'Enter') setButton(false);
  });
}

// ---------------------------------------------------------------- speed, reset, faults, object, playback

function setSpeedButtons(speed: Speed): void {
  document.querySelectorAll<HTMLButtonElement>('[data-speed]').forEach((b) => {
    const on = Number(b.dataset.speed) === speed;
    b.setAttribute('aria-pressed', String(on));
    b.classList.toggle('active', on);
  });
}
document.querySelectorAll<HTMLButtonElement>('[data-speed]').forEach((b) =>
  b.addEventListener('click', () => {
    const speed = Number(b.dataset.speed) as Speed;
    send({ cmd: 'speed', speed });
    setSpeedButtons(speed);
  }),
);
$('resetBtn').addEventListener('click', () => send({ cmd: 'reset' }));

$('injLiftoff').addEventListener('click', () =>
  send({ cmd: 'fault', fault: { kind: 'liftoff', site: $<HTMLSelectElement>('liftoffSite').value as SiteName, mode: $<HTMLSelectElement>('liftoffMode').value as 'rail' | 'flat' } }),
);
$('injStall').addEventListener('click', () => send({ cmd: 'fault', fault: { kind: 'servoStall', finger: $<HTMLSelectElement>('stallFinger').value as 'thumb' } }));
$('injBattery').addEventListener('click', () => send({ cmd: 'fault', fault: { kind: 'lowBattery' } }));
$('injArtefact').addEventListener('click', () => send({ cmd: 'fault', fault: { kind: 'motionArtefact', site: 'flexor', everyS: 0.7 } }));
$('clearFaults').addEventListener('click', () => send({ cmd: 'clearFault' }));

const closure = $<HTMLInputElement>('cupClosure');
closure.addEventListener('input', () => ($('cupClosureOut').textContent = `${Math.round(Number(closure.value) * 100)} %`));
$('placeCup').addEventListener('click', () => send({ cmd: 'object', spec: { shape: 'cup', closure: Number(closure.value) } }));
$('removeObject').addEventListener('click', () => send({ cmd: 'object', spec: null }));

// ---------------------------------------------------------------- flex sensors: fingers or glove

/** When the page last changed the source or a slider: frames older than the change do not undo it. */
let flexSourceSetAt = 0;
let gloveSetAt = 0;
const LOCAL_HOLD_MS = 400;

function gloveSliders(): HTMLInputElement[] {
  return Array.from(document.querySelectorAll<HTMLInputElement>('#gloveSliders input[type=range]'));
}

function buildGlove(names: string[]): void {
  const box = $('gloveSliders');
  if (box.childElementCount === names.length) {
    names.forEach((n, i) => (box.children[i].querySelector('label')!.textContent = n));
    return;
  }
  box.innerHTML = '';
  names.forEach((name, i) => {
    const row = document.createElement('div');
    row.className = 'glove-row';
    row.dataset.finger = String(i);
    row.innerHTML = `<label for="glove-${i}"></label><input type="range" id="glove-${i}" min="0" max="100" step="1" value="0"><output for="glove-${i}" class="glove-set">0 %</output><output class="glove-pin" aria-label="flex pin reading">—</output>`;
    row.querySelector('label')!.textContent = name;
    const input = row.querySelector('input')!;
    input.setAttribute('aria-label', `glove ${name} bend`);
    input.addEventListener('input', () => {
      row.querySelector('.glove-set')!.textContent = `${input.value} %`;
      sendGlove();
    });
    box.appendChild(row);
  });
}

function sendGlove(rampS = 0): void {
  gloveSetAt = performance.now();
  send({ cmd: 'glove', bends: gloveSliders().map((s) => Number(s.value) / 100), rampS });
}

function showFlexSource(glove: boolean): void {
  $<HTMLInputElement>('gloveOn').checked = glove;
  $('gloveBox').hidden = !glove;
  $('flexWhere').textContent = glove ? '(each pin reads its glove finger; the sliders bend them)' : '(now on the prosthetic fingers)';
}

$('gloveOn').addEventListener('change', () => {
  const glove = $<HTMLInputElement>('gloveOn').checked;
  flexSourceSetAt = performance.now();
  showFlexSource(glove);
  send({ cmd: 'flexSource', source: glove ? 'glove' : 'fingers' });
});
document.querySelectorAll<HTMLButtonElement>('[data-glove]').forEach((b) =>
  b.addEventListener('click', () => {
    const bends = b.dataset.glove!.split(',').map(Number);
    gloveSliders().forEach((s, i) => {
      s.value = String(Math.round((bends[i] ?? 0) * 100));
      s.parentElement!.querySelector('.glove-set')!.textContent = `${s.value} %`;
    });
    sendGlove(0.3);
  }),
);

function updateFlex(f: Frame): void {
  const now = performance.now();
  if (now - flexSourceSetAt > LOCAL_HOLD_MS) showFlexSource(f.flexSource === 'glove');
  const sliders = gloveSliders();
  const dragging = sliders.some((s) => s === document.activeElement && s.matches(':active'));
  sliders.forEach((s, i) => {
    const row = s.parentElement!;
    if (now - gloveSetAt > LOCAL_HOLD_MS && !dragging && f.glove[i] !== undefined) {
      const v = String(Math.round(f.glove[i] * 100));
      if (s.value !== v) {
        s.value = v;
        row.querySelector('.glove-set')!.textContent = `${v} %`;
      }
    }
    row.querySelector('.glove-pin')!.textContent = f.flexAdc[i] === undefined ? '—' : `pin ${f.flexAdc[i].toFixed(3)}`;
  });
  $('flexPins').textContent = f.flexAdc.map((v) => v.toFixed(2)).join(' · ') + (f.flexSource === 'glove' ? ' (glove)' : ' (fingers)');
}

$('scenarioSel').addEventListener('change', showScenarioDesc);
$('playScenario').addEventListener('click', () => {
  const file = $<HTMLSelectElement>('scenarioSel').value;
  if (!file) return;
  $('checks').innerHTML = '<p class="muted small">checking the expectations (headless run)…</p>';
  send({ cmd: 'scenario', file });
});
$('stopPlay').addEventListener('click', () => send({ cmd: 'stop' }));

let recInfo: RecordingInfo | null = null;
$('recFile').addEventListener('change', () => {
  const file = $<HTMLSelectElement>('recFile').value;
  recInfo = null;
  $<HTMLSelectElement>('recIndex').innerHTML = '';
  $<HTMLSelectElement>('recChannel').innerHTML = '';
  if (file) send({ cmd: 'openRecording', file });
});
function showRecording(info: RecordingInfo): void {
  if (info.file !== $<HTMLSelectElement>('recFile').value) return;
  recInfo = info;
  const idx = $<HTMLSelectElement>('recIndex');
  idx.innerHTML = '';
  for (const r of info.recordings) idx.add(new Option(`${r.name} (${r.durationS} s, ${r.rateHz} Hz)`, String(r.index)));
  fillChannels();
}
function fillChannels(): void {
  const ch = $<HTMLSelectElement>('recChannel');
  ch.innerHTML = '';
  const r = recInfo?.recordings[Number($<HTMLSelectElement>('recIndex').value) || 0];
  for (const c of r?.channels ?? []) ch.add(new Option(c, c));
}
$('recIndex').addEventListener('change', fillChannels);
$('playRec').addEventListener('click', () => {
  const file = $<HTMLSelectElement>('recFile').value;
  const channel = $<HTMLSelectElement>('recChannel').value;
  if (!file || !channel) return toast('choose a recording file and a channel first', 'error');
  send({ cmd: 'replay', file, index: Number($<HTMLSelectElement>('recIndex').value) || 0, channel, site: $<HTMLSelectElement>('recSite').value as SiteName, loop: $<HTMLInputElement>('recLoop').checked });
});

function showChecks(name: string, ok: boolean, results: { ok: boolean; description: string; message: string }[], note?: string): void {
  const box = $('checks');
  box.innerHTML = '';
  const head = document.createElement('p');
  head.className = ok ? 'pass' : 'fail';
  head.textContent = `${ok ? '✔' : '✘'} “${name}”: ${results.filter((r) => r.ok).length} of ${results.length} expectations hold${note ? ` (${note})` : ''}`;
  box.appendChild(head);
  const ul = document.createElement('ul');
  for (const r of results) {
    const li = document.createElement('li');
    li.className = r.ok ? 'pass' : 'fail';
    li.textContent = `${r.ok ? '✔' : '✘'} ${r.description}${r.ok ? '' : ' — ' + r.message}`;
    ul.appendChild(li);
  }
  box.appendChild(ul);
}

// ---------------------------------------------------------------- console

const consoleOut = $('consoleOut');
const history: string[] = [];
let histPos = 0;
function appendConsole(text: string): void {
  const atBottom = consoleOut.scrollHeight - consoleOut.scrollTop - consoleOut.clientHeight < 30;
  consoleOut.textContent = (consoleOut.textContent + text).slice(-100000);
  if (atBottom) consoleOut.scrollTop = consoleOut.scrollHeight;
}
function sendLine(line: string): void {
  if (!line.trim()) return;
  history.push(line);
  histPos = history.length;
  send({ cmd: 'console', line });
  consoleOut.scrollTop = consoleOut.scrollHeight;
}
$('consoleForm').addEventListener('submit', (e) => {
  e.preventDefault();
  const input = $<HTMLInputElement>('consoleIn');
  sendLine(input.value);
  input.value = '';
});
$('consoleIn').addEventListener('keydown', (e) => {
  const input = e.target as HTMLInputElement;
  if (e.key === 'ArrowUp' && histPos > 0) input.value = history[--histPos];
  else if (e.key === 'ArrowDown') input.value = histPos < history.length - 1 ? history[++histPos] : ((histPos = history.length), '');
  else return;
  e.preventDefault();
});
document.querySelectorAll<HTMLButtonElement>('[data-line]').forEach((b) => b.addEventListener('click', () => sendLine(b.dataset.line!)));

// ---------------------------------------------------------------- toasts

function toast(text: string, level: 'info' | 'error'): void {
  const box = $('toasts');
  const t = document.createElement('div');
  t.className = `toast ${level}`;
  t.setAttribute('role', level === 'error' ? 'alert' : 'status');
  t.textContent = text;
  box.appendChild(t);
  setTimeout(() => t.remove(), level === 'error' ? 8000 : 4000);
  while (box.children.length > 4) box.firstElementChild!.remove();
}

// ---------------------------------------------------------------- frames

const ledTrail: Record<'red' | 'green', { t: number; d: number }[]> = { red: [], green: [] };
type Blink = { hz: number; duty: number };
const ledNow: Record<'red' | 'green', { blink: Blink | null; duty: number; edges: number }> = { red: { blink: null, duty: 0, edges: 0 }, green: { blink: null, duty: 0, edges: 0 } };
let simClock = { tS: 0, at: 0, speed: 1 as number };

/** A PWM slow enough to see (under 25 Hz) is a blink; faster, a steady glow at its duty. */
function slowBlink(led: Frame['leds']['red']): Blink | null {
  return led.pwmHz !== null && led.pwmDuty !== null && led.pwmHz > 0 && led.pwmHz < 25 && led.pwmDuty > 0 && led.pwmDuty < 1 ? { hz: led.pwmHz, duty: led.pwmDuty } : null;
}
function blinkLevel(b: Blink, tS: number): number {
  const phase = (tS * b.hz) % 1;
  return phase < b.duty ? 1 : 0;
}

/** The LEDs as they look now: a blink is animated on the simulated clock between frames. */
function renderLeds(): void {
  const tS = simClock.tS + ((performance.now() - simClock.at) / 1000) * simClock.speed;
  for (const k of ['red', 'green'] as const) {
    const n = ledNow[k];
    const el = $(k === 'red' ? 'ledRed' : 'ledGreen');
    let glow: number;
    let word: string;
    if (n.blink) {
      // at 10x a blink faster than the frames is shown as its mean brightness
      glow = n.blink.hz * simClock.speed > 12 ? n.blink.duty : blinkLevel(n.blink, tS);
      word = 'blinking';
    } else {
      glow = Math.min(1, n.duty);
      word = n.duty > 0.9 ? 'on' : n.duty > 0.02 ? (n.edges > 0 ? 'blinking' : 'dim') : 'off';
    }
    el.style.setProperty('--glow', String(glow));
    el.setAttribute('aria-label', `${k} LED ${word}${n.blink ? ` (${n.blink.hz} Hz)` : ''}`);
    el.dataset.state = word;
  }
}

function onFrame(f: Frame): void {
  if (f.tS < lastT - 1e-6) {
    plots.clear();
    ledTrail.red.length = 0;
    ledTrail.green.length = 0;
    $('checks').textContent = '';
  }
  lastT = f.tS;
  $('simTime').textContent = `${f.tS.toFixed(1)} s`;
  setSpeedButtons(f.speed);
  hand.update(f.flexion, f.stalled, f.object);
  updateFlex(f);
  plots.push(f.samples);

  const st = f.status;
  const state = typeof st?.state === 'string' ? st.state : '—';
  const stateEl = $('state');
  stateEl.textContent = state;
  stateEl.className = `badge state-${state}`;
  $('grip').textContent = typeof st?.grip === 'number' ? `${Math.round((st.grip as number) * 100)} %` : '—';
  $('emgControl').textContent = st?.emgControl === undefined ? '—' : st.emgControl ? 'on' : 'paused';
  const faults = Array.isArray(st?.faults) ? (st!.faults as string[]) : [];
  $('faults').textContent = faults.length ? faults.join(', ') : 'none';
  $('faultsBox').classList.toggle('has-faults', faults.length > 0);
  $('simFaults').textContent = f.simFaults.length ? `simulated: ${f.simFaults.join(', ')}` : 'no simulated fault';
  $('battery').textContent = `${f.batteryV.toFixed(2)} V · ${Math.round(f.batteryCharge * 100)} %`;
  $('current').textContent = `${f.totalCurrentA.toFixed(2)} A`;
  $('pulses').textContent = f.pulsesUs.every((p) => p === null) ? 'off (servos limp)' : f.pulsesUs.map((p) => (p === null ? '—' : Math.round(p))).join(' · ') + ' µs';
  const errs = f.errorCount ? ` · ${f.errorCount} error line(s)` : '';
  const resets = f.resets ? ` · ${f.resets} reset(s)` : '';
  $('fwInfo').textContent = fwBase + errs + resets;

  // muscles
  const emg = Array.isArray(st?.emg) ? (st!.emg as { effort?: number; on?: boolean }[]) : [];
  SITES.forEach((site, k) => {
    const el = document.querySelector<HTMLElement>(`.site[data-site="${site}"]`);
    if (!el) return;
    const pct = Math.round(f.effort[k] * 100);
    const m = el.querySelector<HTMLElement>('.meter:not(.fw)')!;
    m.querySelector<HTMLElement>('.fill')!.style.width = `${pct}%`;
    m.setAttribute('aria-valuenow', String(pct));
    el.querySelector('.effort-now')!.textContent = `${pct} %${f.replaying.includes(site) ? ' (replay)' : ''}`;
    const fwEffort = emg[k]?.effort;
    const fw = el.querySelector<HTMLElement>('.meter.fw')!;
    const fp = typeof fwEffort === 'number' ? Math.round(Math.max(0, Math.min(1, fwEffort)) * 100) : 0;
    fw.querySelector<HTMLElement>('.fill')!.style.width = `${fp}%`;
    fw.setAttribute('aria-valuenow', String(fp));
    el.querySelector('.fw-now')!.textContent = typeof fwEffort === 'number' ? `${Math.round(fwEffort * 100)} %` : '—';
    const on = emg[k]?.on === true;
    const badge = el.querySelector<HTMLElement>('.on-badge')!;
    badge.textContent = emg[k]?.on === undefined ? '—' : on ? 'ON' : 'off';
    badge.classList.toggle('is-on', on);
  });

  // LEDs
  for (const k of ['red', 'green'] as const) {
    const led = f.leds[k];
    const blink = slowBlink(led);
    const trail = ledTrail[k];
    for (const sm of f.samples) trail.push({ t: sm.t, d: blink ? blinkLevel(blink, sm.t) : sm.led[k === 'red' ? 0 : 1] });
    while (trail.length && trail[0].t < f.tS - LED_TRAIL_S) trail.shift();
    ledNow[k] = { blink, duty: Math.max(led.duty, led.level > 0 && led.level < 1 ? led.level : 0), edges: led.edges };
    drawTrail($<HTMLCanvasElement>(k === 'red' ? 'ledRedTrail' : 'ledGreenTrail'), trail, f.tS, k === 'red' ? '#e53935' : '#2ecc40');
  }
  simClock = { tS: f.tS, at: performance.now(), speed: f.speed };
  renderLeds();

  // playback
  const p = f.playing;
  const pl = $('playing');
  if (p) {
    pl.textContent = `${p.kind === 'scenario' ? '▶ scenario' : '▶'} “${p.name}” ${p.atS.toFixed(1)} / ${p.durationS} s${p.done ? ' — finished' : ''}`;
    pl.hidden = false;
  } else if (f.replaying.length) {
    pl.textContent = `▶ recording on ${f.replaying.join(' + ')}`;
    pl.hidden = false;
  } else pl.hidden = true;
}

function drawTrail(c: HTMLCanvasElement, trail: { t: number; d: number }[], now: number, colour: string): void {
  const g = c.getContext('2d');
  if (!g) return;
  g.clearRect(0, 0, c.width, c.height);
  g.fillStyle = '#20262d';
  g.fillRect(0, 0, c.width, c.height);
  g.fillStyle = colour;
  const w = c.width / ((LED_TRAIL_S * 1000) / 20);
  for (const s of trail) {
    if (s.d <= 0.01) continue;
    const x = ((s.t - (now - LED_TRAIL_S)) / LED_TRAIL_S) * c.width;
    g.globalAlpha = Math.min(1, 0.25 + s.d);
    const h = Math.max(2, s.d * c.height);
    g.fillRect(x - w, c.height - h, Math.max(1, w), h);
  }
  g.globalAlpha = 1;
}

function animate(): void {
  plots.draw();
  renderLeds();
  requestAnimationFrame(animate);
}

connect();
requestAnimationFrame(animate);
