import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  GRABMYO_DIR,
  MYO_LABEL_NAMES,
  MYO_WRIST_DIR,
  RECORDINGS_ATTRIBUTION,
  UCI_GRASPS_CSV,
  channelSamples,
  envelopeOf,
  grabmyoFileInfo,
  loadMyoText,
  loadRecording,
  loadUciCsv,
  loadWfdb,
  parseWfdbHeader,
} from '../../sim/recordings';
import { describeWithSharedEmg } from './sharedData';

const GRABMYO_RECORD = 'session1_participant1_gesture16_trial1';
const FRAME_SIGNALS = 32;
const SAMPLES = 10240;

const tempDirs: string[] = [];
afterAll(() => tempDirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** A writable copy of a GRABMyo record in a fresh temp dir, with optional edits. */
function copyRecord(edit: { dat?: (bytes: Buffer) => Buffer; hea?: (text: string) => string } = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grasp-wfdb-'));
  tempDirs.push(dir);
  const hea = fs.readFileSync(path.join(GRABMYO_DIR, `${GRABMYO_RECORD}.hea`), 'utf8');
  const dat = Buffer.from(fs.readFileSync(path.join(GRABMYO_DIR, `${GRABMYO_RECORD}.dat`)));
  fs.writeFileSync(path.join(dir, `${GRABMYO_RECORD}.hea`), edit.hea ? edit.hea(hea) : hea);
  fs.writeFileSync(path.join(dir, `${GRABMYO_RECORD}.dat`), edit.dat ? edit.dat(dat) : dat);
  return path.join(dir, `${GRABMYO_RECORD}.hea`);
}

/** Byte offset of sample k of signal i in the interleaved .dat. */
const offsetOf = (k: number, i: number) => (k * FRAME_SIGNALS + i) * 2;

describe('attribution', () => {
  it('names source, license and citation for every dataset', () => {
    for (const a of Object.values(RECORDINGS_ATTRIBUTION)) {
      expect(a.source).not.toBe('');
      expect(a.license).not.toBe('');
      expect(a.citation).not.toBe('');
    }
    expect(RECORDINGS_ATTRIBUTION.grabmyo.source).toContain('10.13026/89dm-f662');
    expect(RECORDINGS_ATTRIBUTION.grabmyo.license).toBe('CC BY 4.0');
    expect(RECORDINGS_ATTRIBUTION.myoWrist.license).toContain('MIT');
    expect(RECORDINGS_ATTRIBUTION.uciGrasps.citation).toContain('Sapsanis');
  });
});

describe('parseWfdbHeader', () => {
  it('reads gain, baseline, units, initial value, checksum and name', () => {
    const h = parseWfdbHeader('rec 2 1000 50\nrec.dat 16 200(-5)/uV 16 0 12 -345 0 Lead A\nrec.dat 16 0 16 7\n');
    expect(h).toMatchObject({ record: 'rec', signalCount: 2, rateHz: 1000, sampleCount: 50 });
    expect(h.signals[0]).toMatchObject({ gain: 200, baseline: -5, units: 'uV', initial: 12, checksum: -345, name: 'Lead A' });
    // Gain 0 means uncalibrated (WFDB default 200); the baseline defaults to adczero.
    expect(h.signals[1]).toMatchObject({ gain: 200, baseline: 7, initial: undefined, checksum: undefined });
  });

  it('rejects a header with fewer signal lines than announced', () => {
    expect(() => parseWfdbHeader('rec 3 1000\nrec.dat 16\n', 'x.hea')).toThrow(/announces 3 signals but 1/);
  });
});

describeWithSharedEmg('real recordings (../shared/emg)', () => {
  describe('Myo wrist text files', () => {
    it('loads all eight files: 8 channels at 200 Hz, ~60 s, signed bytes, labels 0 and N', () => {
      for (let n = 0; n <= 7; n++) {
        const r = loadMyoText(path.join(MYO_WRIST_DIR, `${n}.txt`));
        expect(r.channels).toEqual(['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7', 'e8']);
        expect(r.rateHz).toBe(200);
        expect(r.samples).toHaveLength(8);
        const length = r.samples[0].length;
        expect(length / r.rateHz).toBeGreaterThan(58);
        expect(length / r.rateHz).toBeLessThan(62);
        for (const ch of r.samples) {
          expect(ch).toHaveLength(length);
          expect(Math.min(...ch)).toBeGreaterThanOrEqual(-128);
          expect(Math.max(...ch)).toBeLessThanOrEqual(127);
        }
        expect(r.labels).toHaveLength(length);
        expect(new Set(r.labels)).toEqual(new Set(n === 0 ? [0] : [0, n]));
        expect(r.labelNames).toEqual(MYO_LABEL_NAMES);
        expect(r.source).toContain('MIT');
      }
    });

    it('1.txt alternates rest and wrist flexion in ~5 s blocks, starting with rest', () => {
      const r = loadMyoText(path.join(MYO_WRIST_DIR, '1.txt'));
      const labels = r.labels!;
      const blocks: { label: number; length: number }[] = [];
      for (let k = 0; k < labels.length; k++) {
        const last = blocks[blocks.length - 1];
        if (last && last.label === labels[k]) last.length++;
        else blocks.push({ label: labels[k], length: 1 });
      }
      expect(blocks.length).toBe(12);
      blocks.forEach((b, i) => expect(b.label).toBe(i % 2 === 0 ? 0 : 1));
      // Every block but the cut-off last one lasts 5 s (+-1%).
      for (const b of blocks.slice(0, -1)) expect(Math.abs(b.length / r.rateHz - 5)).toBeLessThan(0.05);
      expect(r.labelNames![1]).toBe('wrist flexion');
    });

    it('the gesture blocks show muscle activity above rest on some channel', () => {
      const r = loadMyoText(path.join(MYO_WRIST_DIR, '1.txt'));
      const ratios = r.samples.map((ch) => {
        const e = envelopeOf(ch, r.rateHz, 5, 10);
        const sum = [0, 0];
        const count = [0, 0];
        e.forEach((v, k) => {
          const g = r.labels![k] === 0 ? 0 : 1;
          sum[g] += v;
          count[g]++;
        });
        return sum[1] / count[1] / (sum[0] / count[0]);
      });
      expect(Math.max(...ratios)).toBeGreaterThan(4);
    });
  });

  describe('GRABMyo WFDB records', () => {
    const headers = fs.existsSync(GRABMYO_DIR) ? fs.readdirSync(GRABMYO_DIR).filter((f) => f.endsWith('.hea')) : [];

    it('loads all seven records with verified checksums: 28 used channels, 2048 Hz, 5 s, mV', () => {
      expect(headers).toHaveLength(7);
      for (const h of headers) {
        const r = loadWfdb(path.join(GRABMYO_DIR, h));
        expect(r.name).toBe(h.replace('.hea', ''));
        expect(r.rateHz).toBe(2048);
        expect(r.unit).toBe('mV');
        expect(r.channels).toHaveLength(28);
        expect(r.channels.slice(0, 3)).toEqual(['F1', 'F2', 'F3']);
        expect(r.channels.some((c) => c.startsWith('U'))).toBe(false);
        expect(r.channels[r.channels.length - 1]).toBe('W12');
        for (const ch of r.samples) expect(ch).toHaveLength(SAMPLES);
        expect(r.source).toContain('CC BY 4.0');
      }
    });

    it('keeps the unused channels when asked, in header order', () => {
      const r = loadWfdb(path.join(GRABMYO_DIR, `${GRABMYO_RECORD}.hea`), { dropUnused: false });
      expect(r.channels).toHaveLength(32);
      expect(r.channels[16]).toBe('U1');
      expect(r.channels[31]).toBe('U4');
    });

    it('converts raw to mV with each channel\'s own gain and baseline', () => {
      const hea = fs.readFileSync(path.join(GRABMYO_DIR, `${GRABMYO_RECORD}.hea`), 'utf8');
      const spec = parseWfdbHeader(hea).signals[2]; // F3
      const dat = fs.readFileSync(path.join(GRABMYO_DIR, `${GRABMYO_RECORD}.dat`));
      const r = loadWfdb(path.join(GRABMYO_DIR, `${GRABMYO_RECORD}.hea`));
      for (const k of [0, 1, 5000, SAMPLES - 1]) {
        const raw = dat.readInt16LE(offsetOf(k, 2));
        expect(channelSamples(r, 'F3')[k]).toBeCloseTo((raw - spec.baseline) / spec.gain, 6);
      }
      expect(channelSamples(r, 'F3')[0]).toBeCloseTo((spec.initial! - spec.baseline) / spec.gain, 6);
    });

    it('has more activity at the onset (first 1.5 s) than at the end, as the README says', () => {
      const rms = (ch: Float32Array, from: number, to: number) => {
        let mean = 0;
        for (let k = from; k < to; k++) mean += ch[k];
        mean /= to - from;
        let sq = 0;
        for (let k = from; k < to; k++) sq += (ch[k] - mean) ** 2;
        return Math.sqrt(sq / (to - from));
      };
      for (const h of headers) {
        const r = loadWfdb(path.join(GRABMYO_DIR, h));
        const forearm = r.samples.slice(0, 16);
        const early = forearm.reduce((s, ch) => s + rms(ch, 0, 3072), 0);
        const late = forearm.reduce((s, ch) => s + rms(ch, SAMPLES - 3072, SAMPLES), 0);
        expect(early).toBeGreaterThan(late);
      }
    });

    it('accepts the checksum written as a signed 16-bit number (WFDB C library style)', () => {
      const headerPath = copyRecord({
        hea: (text) =>
          text.replace(/^(\S+ 16 \S+ 16 0 -?\d+ )(\d+)( 0 \S+)$/gm, (_m, head: string, sum: string, tail: string) => {
            const n = Number(sum);
            return `${head}${n >= 32768 ? n - 65536 : n}${tail}`;
          }),
      });
      expect(fs.readFileSync(headerPath, 'utf8')).toMatch(/ -\d+ 0 F\d+/); // some became negative
      expect(loadWfdb(headerPath).channels).toHaveLength(28);
    });

    it('a corrupted sample fails the checksum, naming the channel and the file', () => {
      const headerPath = copyRecord({
        dat: (bytes) => {
          const at = offsetOf(4000, 2); // F3, mid-record
          bytes.writeInt16LE(bytes.readInt16LE(at) ^ 0x10, at);
          return bytes;
        },
      });
      expect(() => loadWfdb(headerPath)).toThrow(/checksum mismatch for signal F3/);
      expect(() => loadWfdb(headerPath)).toThrow(path.join(path.dirname(headerPath), `${GRABMYO_RECORD}.dat`));
    });

    it('verifies unused channels too, even though they are dropped', () => {
      const headerPath = copyRecord({
        dat: (bytes) => {
          const at = offsetOf(10, 16); // U1
          bytes.writeInt16LE(bytes.readInt16LE(at) + 1, at);
          return bytes;
        },
      });
      expect(() => loadWfdb(headerPath)).toThrow(/signal U1/);
    });

    it('a changed first sample fails the initial-value check', () => {
      const headerPath = copyRecord({
        dat: (bytes) => {
          bytes.writeInt16LE(bytes.readInt16LE(offsetOf(0, 5)) + 3, offsetOf(0, 5)); // F6
          return bytes;
        },
      });
      expect(() => loadWfdb(headerPath)).toThrow(/signal F6 starts at .* initial value/);
    });

    it('a truncated .dat fails with expected and actual sizes', () => {
      const headerPath = copyRecord({ dat: (bytes) => bytes.subarray(0, bytes.length - 100) });
      expect(() => loadWfdb(headerPath)).toThrow(/truncated: expected 655360 bytes .* found 655260/);
    });

    it('a missing .dat fails clearly', () => {
      const headerPath = copyRecord();
      fs.unlinkSync(headerPath.replace('.hea', '.dat'));
      expect(() => loadWfdb(headerPath)).toThrow(/data file .*\.dat is missing/);
    });

    it('an unsupported format fails clearly', () => {
      const headerPath = copyRecord({ hea: (text) => text.replace(/^(\S+\.dat) 16 /m, '$1 212 ') });
      expect(() => loadWfdb(headerPath)).toThrow(/signal F1 uses WFDB format "212"; only format 16 is supported/);
    });

    it('file names decode to gestures', () => {
      expect(grabmyoFileInfo(`${GRABMYO_RECORD}.hea`)).toEqual({
        session: 1,
        participant: 1,
        gesture: 16,
        gestureName: 'hand close',
        trial: 1,
      });
      expect(grabmyoFileInfo('something.hea')).toBeUndefined();
    });
  });

  describe('UCI grasps CSV', () => {
    it('splits into 6 grasps x 3 trials of 2 channels x 3000 samples at 500 Hz', () => {
      const trials = loadUciCsv(UCI_GRASPS_CSV);
      expect(trials).toHaveLength(18);
      expect(new Set(trials.map((t) => t.grasp))).toEqual(new Set(['cyl', 'hook', 'tip', 'palm', 'spher', 'lat']));
      for (const t of trials) {
        expect([1, 2, 3]).toContain(t.trial);
        expect(t.rateHz).toBe(500);
        expect(t.channels).toEqual(['ch1', 'ch2']);
        expect(t.samples[0]).toHaveLength(3000);
        expect(t.samples[1]).toHaveLength(3000);
        expect(t.labelNames![t.labels![0]]).toBeDefined();
        expect(t.source).toContain('Sapsanis');
      }
      const first = trials[0];
      expect(first.name).toBe('uci-grasps/female_1/cyl/trial1');
      expect(first.samples[0][0]).toBeCloseTo(0.072198, 6);
      expect(first.samples[1][3]).toBeCloseTo(0.100154, 6);
    });
  });

  describe('loadRecording', () => {
    it('dispatches on the extension', () => {
      expect(loadRecording(path.join(MYO_WRIST_DIR, '3.txt'))[0].rateHz).toBe(200);
      expect(loadRecording(path.join(GRABMYO_DIR, `${GRABMYO_RECORD}.hea`))[0].rateHz).toBe(2048);
      expect(loadRecording(path.join(GRABMYO_DIR, `${GRABMYO_RECORD}.dat`))[0].channels).toHaveLength(28);
      expect(loadRecording(UCI_GRASPS_CSV)).toHaveLength(18);
      expect(() => loadRecording(path.join(path.dirname(UCI_GRASPS_CSV), 'female_1.mat'))).toThrow(/no loader for "\.mat"/);
    });
  });
});
