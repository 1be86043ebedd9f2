// The hand simulation engine: a Virtual Pico running the firmware bundle, wired to the models
// of the hand (EMG sites, servos and fingers, flex sensors, battery). See handSim.ts.
export * from './types';
export { createHandSim, DEFAULT_PINS } from './handSim';
export type { HandSim } from './handSim';
export { EmgChannel } from './emgChannel';
