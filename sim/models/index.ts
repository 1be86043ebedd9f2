// Simulation models: pure step functions over small state records.
export * from './prng';
export * from './adc';
export * from './emg';
export * from './emgSource';
export * from './servoDatasheets';
export * from './servo';
export * from './battery';
export * from './flex';
export * from './finger';
