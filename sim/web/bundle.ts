// The page's code, bundled with esbuild into memory when the server starts (nothing written,
// nothing committed): sim/web/client/main.ts -> app.js, uPlot's stylesheet + style.css -> app.css.

import * as fs from 'fs';
import * as path from 'path';
import * as esbuild from 'esbuild';

export interface PageAssets {
  html: string;
  js: string;
  css: string;
}

const WEB_DIR = __dirname;

export async function bundlePage(): Promise<PageAssets> {
  const result = await esbuild.build({
    entryPoints: [path.join(WEB_DIR, 'client', 'main.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: ['es2020'],
    sourcemap: 'inline',
    logLevel: 'silent',
    legalComments: 'none',
  });
  const js = result.outputFiles[0].text;
  const uplotCss = fs.readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8');
  const css = uplotCss + '\n' + fs.readFileSync(path.join(WEB_DIR, 'style.css'), 'utf8');
  const html = fs.readFileSync(path.join(WEB_DIR, 'index.html'), 'utf8');
  return { html, js, css };
}
