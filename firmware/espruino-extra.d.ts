// Espruino APIs that @types/espruino (which describes 1.94) lacks or types too loosely.

interface StorageModule {
  read(name: string, offset?: number, length?: number): string | undefined;
  readJSON(name: string, noExceptions?: boolean): any;
  write(name: string, data: string, offset?: number, size?: number): boolean;
  writeJSON(name: string, data: any): boolean;
  erase(name: string): void;
  list(pattern?: RegExp | string): string[];
  getFree(): number;
  compact(): void;
}

declare function require(module: 'Storage'): StorageModule;

declare namespace E {
  function enableWatchdog(timeoutS: number, isAuto?: boolean): void;
  function on(event: 'kill' | 'init', callback: () => void): void;
  function sum(arr: ArrayLike<number>): number;
  function variance(arr: ArrayLike<number>, mean: number): number;
}

interface Waveform {
  running: boolean;
  buffer: Uint8Array | Uint16Array;
  buffer2?: Uint8Array | Uint16Array;
}

declare var Pin: { new (name: string | number): Pin };
declare var Waveform: { new (samples: number, options?: { doubleBuffer?: boolean; bits?: 8 | 16 }): Waveform };
declare function setInterval(fn: () => void, ms: number): number;
declare function setTimeout(fn: () => void, ms: number): number;
declare function clearInterval(id?: number): void;
declare function clearTimeout(id?: number): void;

// The Espruino Pico's named pins (PICO_R1_3 board file).
declare var LED1: Pin;
declare var LED2: Pin;
declare var BTN: Pin;
