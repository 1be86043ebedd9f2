import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildFirmware, BuildError, MAX_BUNDLE_BYTES } from '../../tools/build/build';
import { detokenise, isPretokenised, pretokenise } from '../../tools/build/pretokenise';

describe('npm run build', () => {
  test('writes one minified Espruino-safe script within the size budget, and a size report', async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'grasp-build-')), 'firmware.js');
    const r = await buildFirmware({ outFile: out, quiet: true });
    expect(r.bytes).toBeLessThanOrEqual(MAX_BUNDLE_BYTES);
    // Pretokenised: one byte per character, the file exactly the bytes that go to the board.
    expect(fs.readFileSync(out, 'latin1')).toBe(r.source);
    expect(fs.statSync(out).size).toBe(r.bytes);
    expect(isPretokenised(r.source)).toBe(true);
    // It reads back as the plain script (the Virtual Pico and people read it that way).
    expect(detokenise(r.source)).toMatch(/^"use strict";\(\(\)=>\{function /);
    expect(detokenise(r.source).split('\n').length).toBeLessThan(5);
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

  test('pretokenising keeps what the lexer would read: keywords, raw strings and signed numbers, "+ +x"', () => {
    const code = 'function f(a){return a?-1:"is below "+ +a[0]+a.slice(0,-1)+-300+40000+.5}';
    const t = pretokenise(code);
    expect(t.length).toBeLessThan(code.length);
    const back = detokenise(t);
    // eslint-disable-next-line no-new-func
    const run = (src: string) => new Function('return ' + src.replace(/^function f/, 'function'))()(['7', '8']);
    expect(run(back)).toBe(run(code));
    expect(back).toContain('+ +a[0]');
    expect(back).toContain('slice(0,-1)');
  });
});
