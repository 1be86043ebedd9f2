// Loaders and helpers for the shared real EMG recordings (../shared/emg).
export * from './types';
export * from './attribution';
export * from './paths';
export * from './myo';
export * from './wfdb';
export * from './grabmyo';
export * from './uci';
export * from './load';
export * from './resample';
export * from './toAdc';
