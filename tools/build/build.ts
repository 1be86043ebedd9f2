// `npm run build`: bundles firmware/main.ts into dist/firmware.js, one minified script that
// starts the hand when Espruino loads it, refuses anything the board cannot run, and reports
// the size per module.

import * as esbuild from 'esbuild';
import { minify as terserMinify } from 'terser';
import * as fs from 'fs';
import * as path from 'path';
import { checkEspruinoCompat, formatProblems, loadBuiltins } from './espruino-compat';
import { INTERNAL_PROPERTIES, CONFIG_PROPERTIES } from './internal-properties';
import { pretokenise, detokenise } from './pretokenise';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

// The 24 KB, less what a safe update needs besides two copies of the bundle: grasp flash
// keeps the old program until the new one is checked, each file with a 32-byte Storage header and
// 4 bytes of slack, all in the Pico's 48 KB (3 pages of 16 KB) of saved-code Storage; and a few
// bytes the Storage keeps for itself (the Virtual Pico's flash offers 2 bytes less than 48 KB).
export const MAX_BUNDLE_BYTES = 24 * 1024 - 76;

export interface BuildResult {
  file: string;
  bytes: number;
  /** The bundle as it goes to the board: pretokenised (pretokenise.ts), one char per byte. */
  source: string;
  /** The same script as plain minified text (written beside it as *.plain.js). */
  plain: string;
  /** Bytes each source module contributes to the bundle, largest first. */
  modules: { path: string; bytes: number }[];
}

export class BuildError extends Error {}

function version(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8'));
  return pkg.version;
}

/** The esbuild options, shared by the build and by anything that needs the same bundle. */
function bundleOptions(entry: string, minify: boolean): esbuild.BuildOptions {
  return {
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'neutral',
    // Lower what esbuild can lower for Espruino; the compat check refuses the rest.
    target: 'es2020',
    supported: {
      'optional-chain': false,
      'exponent-operator': false,
      'object-rest-spread': false,
      'class-field': false,
      'class-static-field': false,
      'logical-assignment': false,
      'nullish-coalescing': true,
      'template-literal': true,
      arrow: true,
    },
    minify,
    mangleProps: minify ? new RegExp('^(' + INTERNAL_PROPERTIES.concat(CONFIG_PROPERTIES).join('|') + ')$') : undefined,
    // Espruino reads `"ram"`/`"jit"` function directives; keep them.
    legalComments: 'none',
    charset: 'ascii',
    define: { GRASP_VERSION: JSON.stringify(version()) },
    metafile: true,
    logLevel: 'silent',
  };
}

export async function buildFirmware(opts: { entry?: string; outFile?: string; quiet?: boolean } = {}): Promise<BuildResult> {
  const entry = opts.entry ?? path.join(PROJECT_ROOT, 'firmware', 'main.ts');
  const outFile = opts.outFile ?? path.join(PROJECT_ROOT, 'dist', 'firmware.js');
  const builtins = loadBuiltins(PROJECT_ROOT);

  // Check the readable bundle first so a problem points at code a person can recognise...
  const readable = await esbuild.build(bundleOptions(entry, false));
  const readableSource = readable.outputFiles![0].text;
  let problems = checkEspruinoCompat(readableSource, builtins);
  if (problems.length) {
    throw new BuildError(
      `The firmware uses ${problems.length} thing(s) Espruino cannot run (see ../shared/espruino/FACTS.md):\n` +
        formatProblems(readableSource, problems, 'bundle (unminified)') +
        '\nThe nearest "// firmware/..." comment above each line in the unminified bundle names the source file.',
    );
  }
  // ...then the minified one, in case minification introduced something.
  const result = await esbuild.build(bundleOptions(entry, true));
  // terser's compressor finds another ~3 % after esbuild (ES2015 output: no `**`, no `?.`; no
  // hoisting of functions or variables; function expressions that never use `this` become
  // arrow functions, which Espruino runs the same). No single-use functions inlined (reduce_funcs):
  // one becomes an arrow re-created on every pass, and Espruino reads all of its text, rare branches
  // included (inlined, the moving tick cost 44 ms of Pico time instead of 25).
  const squeezed = await terserMinify(result.outputFiles![0].text, {
    ecma: 2015,
    compress: { passes: 3, unsafe_arrows: true, hoist_funs: false, hoist_vars: false, reduce_funcs: false },
    mangle: true,
    format: { ascii_only: true },
  });
  const minified = squeezed.code!;
  problems = checkEspruinoCompat(minified, builtins);
  if (problems.length) throw new BuildError('The minified bundle is not Espruino-safe:\n' + formatProblems(minified, problems, 'dist/firmware.js'));
  // Then in Espruino's pretokenised form (pretokenise.ts): a tenth smaller, and faster to read.
  const source = pretokenise(minified);
  if (detokenise(source) === '' || pretokenise(detokenise(source)) !== source) throw new BuildError('pretokenising the bundle did not round-trip');

  const bytes = source.length;
  const out = result.metafile!.outputs[Object.keys(result.metafile!.outputs)[0]];
  const modules = Object.entries(out.inputs)
    .map(([p, v]) => ({ path: p, bytes: v.bytesInOutput }))
    .sort((a, b) => b.bytes - a.bytes);
  if (bytes > MAX_BUNDLE_BYTES) {
    // The oversized script, as text, to compare with dist/firmware.plain.js and find the bytes.
    const over = outFile.replace(/\.js$/, '.over.plain.js');
    fs.mkdirSync(path.dirname(outFile), { recursive: true });
    fs.writeFileSync(over, minified);
    throw new BuildError(
      `dist/firmware.js would be ${bytes} bytes, over the ${MAX_BUNDLE_BYTES}-byte budget (the script is in ${path.relative(process.cwd(), over)}). Largest modules:\n` +
        modules.slice(0, 5).map((m) => `  ${m.bytes} ${m.path}`).join('\n'),
    );
  }
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  // One byte per character: the pretokenised bytes as they go to the board. Beside it the same
  // script as plain text, for reading and for tools that upload text (the Espruino IDE, the
  // espruino CLI): it is about a tenth bigger on the board.
  fs.writeFileSync(outFile, Buffer.from(source, 'latin1'));
  fs.writeFileSync(outFile.replace(/\.js$/, '.plain.js'), minified);
  const report = sizeReport(bytes, modules);
  fs.writeFileSync(outFile.replace(/\.js$/, '.size.txt'), report);
  if (!opts.quiet) process.stdout.write(report);
  return { file: outFile, bytes, source, plain: minified, modules };
}

export function sizeReport(bytes: number, modules: { path: string; bytes: number }[]): string {
  const pct = ((bytes / MAX_BUNDLE_BYTES) * 100).toFixed(0);
  return (
    `dist/firmware.js: ${bytes} bytes (${pct}% of the ${MAX_BUNDLE_BYTES}-byte budget), Espruino-safe\n` +
    modules.map((m) => `  ${String(m.bytes).padStart(6)}  ${m.path}`).join('\n') +
    '\n'
  );
}

if (require.main === module) {
  buildFirmware().catch((e) => {
    process.stderr.write(`build failed: ${e instanceof BuildError ? e.message : e.stack || e}\n`);
    process.exit(1);
  });
}
