// The short, human-readable summary of a scenario run.
import { RunSummary } from './types';

export function formatSummary(s: RunSummary): string {
  if (s.skipped) return `SKIPPED ${s.name}: ${s.skipped}\n`;
  const lines: string[] = [];
  const verdict = s.aborted ? 'ABORTED' : s.ok ? 'PASS' : 'FAIL';
  lines.push(`${verdict} ${s.name} (seed ${s.seed})`);
  lines.push(`  simulated ${s.simulatedS.toFixed(1)} of ${s.durationS} s in ${(s.wallMs / 1000).toFixed(2)} s wall: ${s.speedX}x real time, ${s.traceRows} trace rows`);
  if (s.aborted) lines.push(`  stopped early: ${s.aborted}`);
  lines.push(`  final state ${s.finalState ?? '(none)'}; states seen: ${s.statesSeen.join(', ') || '(none)'}`);
  lines.push(`  servo pulses ${s.pulseRangeUs ? `${s.pulseRangeUs[0]}..${s.pulseRangeUs[1]} µs` : 'none'}; max flexion ${s.maxFlexion.toFixed(2)}${s.stalledSeen ? '; fingers stalled' : ''}; battery down to ${s.minBatteryV.toFixed(2)} V`);
  lines.push(`  firmware faults seen: ${s.faultsSeen.join(', ') || 'none'}; injected: ${s.simFaultsSeen.join(', ') || 'none'}`);
  if (s.errors.length || s.resets) lines.push(`  console errors: ${s.errors.length}${s.errors.length ? ` (first: ${s.errors[0].split('\n')[0]})` : ''}; resets: ${s.resets}`);
  const e = s.expectations;
  lines.push(`  expectations: ${e.passed} passed, ${e.failed} failed`);
  for (const r of e.results) lines.push(`    ${r.ok ? 'ok  ' : 'FAIL'} expect[${r.index}] ${r.description}${r.ok ? '' : ` -- ${r.message}`}`);
  return lines.join('\n') + '\n';
}
