// Scenarios: a JSON timeline of what happens to the hand, with self-checks. See README.md.
export * from './types';
export { SCENARIO_SCHEMA, EVENT_KINDS, CHECK_KINDS } from './schema';
export { ScenarioError, validateScenario, parseScenarioText, loadScenarioFile, readablePath } from './validate';
export { runScenario, simOptionsFor } from './run';
export type { RunOptions } from './run';
export { formatSummary } from './summary';
