// `npm run sim -- <scenario> --headless`: exit codes, messages, the trace file.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../sim/cli';
import { builtFirmware } from './firmware';

const ROOT = path.resolve(__dirname, '../..');
let fwFile: string;
let dir: string;
beforeAll(async () => {
  fwFile = (await builtFirmware()).file;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grasp-cli-'));
});

function cli(args: string[]) {
  let out = '';
  let err = '';
  const code = main([...args, '--firmware', fwFile], { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

function write(name: string, doc: unknown): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, typeof doc === 'string' ? doc : JSON.stringify(doc));
  return f;
}

const passing = {
  meta: { name: 'closes', seed: 3, durationS: 3 },
  timeline: [{ at: 1.2, do: 'effort', site: 'flexor', level: 0.6 }],
  expect: [{ at: 2.9, check: 'flexion', above: 0.9 }],
};

test('a passing scenario: exit 0, a summary, and one trace row per 20 ms in --out', () => {
  const trace = path.join(dir, 'trace.jsonl');
  const r = cli([write('ok.json', passing), '--headless', '--out', trace]);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  expect(r.out).toMatch(/^PASS closes \(seed 3\)/);
  expect(r.out).toMatch(/x real time/);
  expect(r.out).toMatch(/expectations: 1 passed, 0 failed/);
  const lines = fs.readFileSync(trace, 'utf8').trim().split('\n');
  expect(lines).toHaveLength(151);
  expect(JSON.parse(lines[150]).t).toBe(3);
});

test('failing expectations: exit 1, naming them', () => {
  const r = cli([write('fail.json', { ...passing, expect: [{ at: 2.9, check: 'flexion', below: 0.1 }] }), '--headless']);
  expect(r.code).toBe(1);
  expect(r.out).toMatch(/^FAIL closes/);
  expect(r.out).toMatch(/FAIL expect\[0\] flexion below=0.1 at 2.9 s -- flexion thumb=1/);
});

test('--seed overrides the scenario seed; --json prints the summary as JSON', () => {
  const r = cli([write('ok2.json', passing), '--headless', '--seed', '42', '--json']);
  expect(r.code).toBe(0);
  const s = JSON.parse(r.out);
  expect(s).toMatchObject({ name: 'closes', seed: 42, ok: true, durationS: 3 });
});

test('a missing file, an invalid scenario, bad usage: exit 2 with a clear message', () => {
  let r = cli([path.join(dir, 'nope.json'), '--headless']);
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/nope\.json: no such scenario file/);
  r = cli([write('bad.json', { meta: { name: 'x', seed: 1, durationS: 2 }, timeline: [{ at: 1, do: 'effort', site: 'flexor', level: 3 }] }), '--headless']);
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/timeline\[0\]\.level: must be <= 1/);
  r = cli([write('syntax.json', '{"meta": '), '--headless']);
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/not valid JSON/);
  r = cli(['--headless']);
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/no scenario given/);
  r = cli([write('ok3.json', passing), '--headless', '--seed', 'x']);
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/--seed must be an integer/);
  let err = '';
  const code = main([write('ok4.json', passing), '--headless', '--firmware', path.join(dir, 'none.js')], { out: () => undefined, err: (t) => (err += t) });
  expect(code).toBe(2);
  expect(err).toMatch(/no firmware bundle at .*none\.js: run `npm run build` first/);
});

test('without --headless it says where the browser UI is, and runs headless', () => {
  const r = cli([write('ok5.json', passing)]);
  expect(r.code).toBe(0);
  expect(r.err).toMatch(/npm start/);
});

test('--print-schema writes the JSON Schema', () => {
  const r = cli(['--print-schema']);
  expect(r.code).toBe(0);
  expect(JSON.parse(r.out).title).toBe('Grasp simulator scenario');
});

test('as a process: the exit code reaches the shell', () => {
  const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
  const ok = spawnSync(tsx, ['sim/cli.ts', write('p.json', passing), '--headless', '--firmware', fwFile], { cwd: ROOT, encoding: 'utf8' });
  expect(ok.status).toBe(0);
  const bad = spawnSync(tsx, ['sim/cli.ts', path.join(dir, 'missing.json'), '--headless', '--firmware', fwFile], { cwd: ROOT, encoding: 'utf8' });
  expect(bad.status).toBe(2);
  expect(bad.stderr).toMatch(/missing\.json: no such scenario file/);
});
