import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildFirmware, BuildError, MAX_BUNDLE_BYTES } from '../../tools/build/build';

describe('npm run build', () => {
  test('writes one minified Espruino-safe script within the size budget, and a size report', async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'grasp-build-')), 'firmware.js');
    const r = await buildFirmware({ outFile: out, quiet: true });
    expect(r.bytes).toBeLessThanOrEqual(MAX_BUNDLE_BYTES);
    expect(fs.readFileSync(out, 'utf8')).toBe(r.source);
    expect(r.source.split('\n').length).toBeLessThan(5);
    expect(fs.readFileSync(out.replace(/\.js$/, '.size.txt'), 'utf8')).toMatch(/firmware\/core\/hand\.ts/);
  });

  test('fails, naming the problem, when firmware code uses something Espruino lacks', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grasp-bad-'));
    const entry = path.join(dir, 'bad.ts');
    fs.writeFileSync(entry, 'const seen = new Set<number>();\nexport function f(o: { a?: { b: number } }) { return o.a ? o.a.b : seen.size; }\nf({});\n');
    await expect(buildFirmware({ entry, outFile: path.join(dir, 'out.js'), quiet: true })).rejects.toThrow(BuildError);
    await expect(buildFirmware({ entry, outFile: path.join(dir, 'out.js'), quiet: true })).rejects.toThrow(/Set does not exist on Espruino/);
    expect(fs.existsSync(path.join(dir, 'out.js'))).toBe(false);
  });
});
