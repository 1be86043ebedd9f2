// `npm run sim -- <scenario.json>... --headless [--out trace.jsonl] [--seed N] [--firmware dist/firmware.js] [--json]`
// Runs scenarios against the firmware bundle as fast as possible, writes the trace (JSON
// lines) and prints a summary. Exit codes: 0 all expectations held (or skipped), 1 an
// expectation failed or the run stopped early, 2 bad usage, a missing file or an invalid scenario.
// `--print-schema` writes the scenario JSON Schema. The browser UI is `npm start`.

import * as fs from 'fs';
import * as path from 'path';
import { formatSummary, loadScenarioFile, runScenario, SCENARIO_SCHEMA, ScenarioError } from './scenario';
import type { RunSummary } from './scenario';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

const USAGE = `usage: npm run sim -- <scenario.json>... --headless [--out trace.jsonl] [--seed N] [--firmware path] [--json]
       npm run sim -- --print-schema
  --headless        run here, as fast as possible (the browser UI is \`npm start\`)
  --out FILE        write the trace, one JSON line per trace interval (one scenario only)
  --seed N          override the scenario's seed
  --firmware FILE   the bundle to run (default dist/firmware.js, which \`npm run sim\` builds)
  --json            print the summary as JSON instead of text
`;

const DEFAULT_FIRMWARE = path.resolve(__dirname, '..', 'dist', 'firmware.js');

export function main(argv: string[], io: CliIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) }): number {
  // `--tcp PORT`: the Virtual Pico's console on 127.0.0.1:PORT, for the espruino CLI and `grasp`.
  const tcp = argv.indexOf('--tcp');
  if (tcp >= 0) {
    const port = Number(argv[tcp + 1]);
    if (!(port > 0 && port < 65536)) {
      io.err(`--tcp needs a port number from 1 to 65535, not ${JSON.stringify(argv[tcp + 1])}\n`);
      return 2;
    }
    require('./tcp/serve')
      .serveConsole(port)
      .catch((e: Error) => {
        io.err(e.message + '\n');
        process.exit(1);
      });
    return 0;
  }
  const files: string[] = [];
  let headless = false;
  let outFile: string | undefined;
  let seed: number | undefined;
  let firmwareFile = DEFAULT_FIRMWARE;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${a} needs a value`);
      return v;
    };
    try {
      if (a === '--headless') headless = true;
      else if (a === '--out') outFile = value();
      else if (a === '--seed') {
        const v = value();
        seed = Number(v);
        if (!Number.isInteger(seed)) throw new UsageError(`--seed must be an integer, got "${v}"`);
      } else if (a === '--firmware') firmwareFile = value();
      else if (a === '--json') json = true;
      else if (a === '--print-schema') {
        io.out(JSON.stringify(SCENARIO_SCHEMA, null, 2) + '\n');
        return 0;
      } else if (a === '--help' || a === '-h') {
        io.out(USAGE);
        return 0;
      } else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
      else files.push(a);
    } catch (e) {
      if (e instanceof UsageError) {
        io.err(`sim: ${e.message}\n${USAGE}`);
        return 2;
      }
      throw e;
    }
  }
  if (!files.length) {
    io.err(`sim: no scenario given (shipped ones are in sim/scenarios/)\n${USAGE}`);
    return 2;
  }
  if (outFile && files.length > 1) {
    io.err('sim: --out takes one scenario at a time\n');
    return 2;
  }
  if (!headless) io.err('sim: running headless (the browser UI is `npm start`; pass --headless to silence this)\n');
  if (!fs.existsSync(firmwareFile)) {
    io.err(`sim: no firmware bundle at ${firmwareFile}: run \`npm run build\` first (or use \`npm run sim\`, which does)\n`);
    return 2;
  }
  const firmware = fs.readFileSync(firmwareFile, 'latin1');

  // Validate everything before running anything.
  const scenarios = [];
  for (const f of files) {
    try {
      scenarios.push({ file: f, scenario: loadScenarioFile(f) });
    } catch (e) {
      if (e instanceof ScenarioError) {
        io.err(`sim: ${e.message}\n`);
        return 2;
      }
      throw e;
    }
  }

  let failed = false;
  const summaries: RunSummary[] = [];
  for (const { file, scenario } of scenarios) {
    let fd: number | undefined;
    let summary: RunSummary;
    try {
      if (outFile) fd = fs.openSync(outFile, 'w');
      const rows: string[] = [];
      const flush = () => {
        if (fd !== undefined && rows.length) fs.writeSync(fd, rows.join('\n') + '\n');
        rows.length = 0;
      };
      summary = runScenario(scenario, {
        firmware,
        seed,
        scenarioDir: path.dirname(path.resolve(file)),
        onRow: fd === undefined ? undefined : (line) => {
          rows.push(line);
          if (rows.length >= 1000) flush();
        },
      });
      flush();
    } catch (e) {
      io.err(`sim: ${file}: ${e instanceof Error ? e.message : e}\n`);
      return 2;
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
    summaries.push(summary);
    if (!json) io.out(formatSummary(summary) + (outFile ? `  trace: ${outFile}\n` : ''));
    if (!summary.ok && !summary.skipped) failed = true;
  }
  if (json) io.out(JSON.stringify(summaries.length === 1 ? summaries[0] : summaries, null, 2) + '\n');
  return failed ? 1 : 0;
}

class UsageError extends Error {}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
