// The Pico's Storage area (3 flash pages of 16 KB) and Espruino's journaling file system on it,
// modelled on src/jsflash.c (Espruino 2v29):
// - a file is a 32-byte header (u32 size, with flags in the top 8 bits; 28-byte zero-padded name)
//   followed by its data, padded to 4 bytes; files follow each other from address 0;
// - erasing/replacing a file zeroes the first 4 bytes of its name: it becomes "trash" that only
//   compact() (or an automatic compaction when a new file does not fit) gives back;
// - flash bits can only go 1 -> 0 without a page erase: writing into a file only works where the
//   bytes are still 0xFF ("File already written with different data").
// Every low-level operation (header write, data write, name zeroing, page erase, page program)
// goes through `lowLevelWrite`, which `interruptAfterWrites(n)` can cut half-way with PowerLoss.

import * as fs from 'fs';
import { PICO_FLASH_PAGES, PICO_FLASH_PAGE_SIZE } from './board';

export class PowerLoss extends Error {
  constructor(message = 'Power lost during a flash write') {
    super(message);
    this.name = 'PowerLoss';
  }
}

/** An error Espruino raises with jsExceptionHere(JSET_ERROR, ...): becomes an Error in the sandbox. */
export class StorageError extends Error {}

export const HEADER_SIZE = 32;
export const MAX_FILENAME = 28;
const ALIGN = 4;
const align = (n: number) => (n + ALIGN - 1) & ~(ALIGN - 1);

export interface StorageStats {
  totalBytes: number;
  freeBytes: number;
  fileBytes: number;
  fileCount: number;
  trashBytes: number;
  trashCount: number;
}

interface Entry {
  addr: number; // header address
  size: number;
  flags: number;
  name: string;
  trash: boolean;
}

export class FlashImage {
  readonly bytes: Uint8Array;
  readonly pageSize: number;
  /** Low-level writes done so far (header, data, erase-marks, page erases/programs). */
  writes = 0;
  private interruptIn = 0;

  constructor(opts: { capacity?: number; pageSize?: number } | Uint8Array = {}) {
    if (opts instanceof Uint8Array) {
      this.bytes = new Uint8Array(opts);
      this.pageSize = PICO_FLASH_PAGE_SIZE;
    } else {
      this.pageSize = opts.pageSize ?? PICO_FLASH_PAGE_SIZE;
      this.bytes = new Uint8Array(opts.capacity ?? PICO_FLASH_PAGE_SIZE * PICO_FLASH_PAGES).fill(0xff);
    }
  }

  get capacity(): number {
    return this.bytes.length;
  }

  static fromBuffer(buf: Uint8Array): FlashImage {
    return new FlashImage(buf);
  }
  toBuffer(): Buffer {
    return Buffer.from(this.bytes);
  }
  static loadFile(path: string): FlashImage {
    return FlashImage.fromBuffer(fs.readFileSync(path));
  }
  saveFile(path: string): void {
    fs.writeFileSync(path, this.toBuffer());
  }
  clone(): FlashImage {
    return FlashImage.fromBuffer(this.bytes);
  }

  /** Arm a simulated power loss: the n-th following low-level write (1 = the next) stops half-way. */
  interruptAfterWrites(n: number): void {
    this.interruptIn = Math.max(0, Math.floor(n));
  }

  /** Write bytes (1 -> 0 only, like NOR flash) or erase (all 0xFF) as one low-level operation. */
  lowLevelWrite(addr: number, data: Uint8Array | null, eraseLength = 0): void {
    this.writes++;
    let len = data ? data.length : eraseLength;
    let cut = false;
    if (this.interruptIn > 0 && --this.interruptIn === 0) {
      len = Math.floor(len / 2);
      cut = true;
    }
    if (data) {
      for (let i = 0; i < len; i++) this.bytes[addr + i] &= data[i];
    } else {
      this.bytes.fill(0xff, addr, addr + len);
    }
    if (cut) throw new PowerLoss();
  }

  // ------------------------------------------------------------------ file system
  private readU32(addr: number): number {
    const b = this.bytes;
    return (b[addr] | (b[addr + 1] << 8) | (b[addr + 2] << 16) | (b[addr + 3] << 24)) >>> 0;
  }

  private entries(): { list: Entry[]; end: number } {
    const list: Entry[] = [];
    let addr = 0;
    while (addr + HEADER_SIZE <= this.capacity) {
      const raw = this.readU32(addr);
      if (raw === 0xffffffff) break;
      const size = raw & 0xffffff;
      const flags = raw >>> 24;
      let name = '';
      for (let i = 0; i < MAX_FILENAME; i++) {
        const c = this.bytes[addr + 4 + i];
        if (c === 0) break;
        name += String.fromCharCode(c);
      }
      const trash = this.readU32(addr + 4) === 0;
      const next = align(addr + HEADER_SIZE + size);
      if (next > this.capacity || next <= addr) {
        // corrupt header (e.g. torn write): treat the rest as used
        list.push({ addr, size: this.capacity - addr - HEADER_SIZE, flags, name, trash: true });
        addr = this.capacity;
        break;
      }
      list.push({ addr, size, flags, name, trash });
      addr = next;
    }
    return { list, end: Math.min(addr, this.capacity) };
  }

  private find(name: string): Entry | undefined {
    const n = normaliseName(name);
    return this.entries().list.find((e) => !e.trash && e.name === n);
  }

  private isErased(addr: number, len: number): boolean {
    for (let i = 0; i < len; i++) if (this.bytes[addr + i] !== 0xff) return false;
    return true;
  }

  private eraseEntry(e: Entry): void {
    this.lowLevelWrite(e.addr + 4, new Uint8Array(4));
  }

  stats(): StorageStats {
    const { list, end } = this.entries();
    const s: StorageStats = { totalBytes: this.capacity, freeBytes: this.capacity - end, fileBytes: 0, fileCount: 0, trashBytes: 0, trashCount: 0 };
    for (const e of list) {
      const bytes = align(e.size) + HEADER_SIZE;
      if (e.trash) {
        s.trashBytes += bytes;
        s.trashCount++;
      } else {
        s.fileBytes += bytes;
        s.fileCount++;
      }
    }
    return s;
  }

  getFree(): number {
    return this.capacity - this.entries().end;
  }

  list(): string[] {
    return this.entries()
      .list.filter((e) => !e.trash)
      .map((e) => e.name);
  }

  /** File contents as bytes (unwritten parts read 0xFF), or undefined. */
  readBytes(name: string, offset = 0, length = 0): Uint8Array | undefined {
    const e = this.find(name);
    if (!e) return undefined;
    const start = Math.max(0, Math.min(offset | 0, e.size));
    const len = length > 0 ? Math.min(length, e.size - start) : e.size - start;
    const at = e.addr + HEADER_SIZE + start;
    return this.bytes.slice(at, at + len);
  }

  /** Storage.read semantics: a (binary) string or undefined. */
  read(name: string, offset = 0, length = 0): string | undefined {
    const b = this.readBytes(name, offset, length);
    return b === undefined ? undefined : bytesToString(b);
  }

  /** Storage.write semantics (jsfWriteFile). Throws StorageError like the board, PowerLoss when cut. */
  write(name: string, data: string | Uint8Array, offset = 0, size = 0): boolean {
    const bytes = typeof data === 'string' ? stringToBytes(data) : data;
    offset = Math.floor(Number(offset) || 0);
    size = Math.floor(Number(size) || 0);
    if (offset < 0 || size < 0) return false;
    if (size === 0) size = bytes.length;
    if (!size) throw new StorageError("Can't create zero length file");
    const n = normaliseName(name);
    let e = this.find(n);
    if ((!e && offset === 0) || (e && offset === 0 && (e.flags !== 0 || e.size !== size || !this.isErased(e.addr + HEADER_SIZE, size)))) {
      if (e && offset === 0 && e.size === size && bytes.length === size && this.equals(e.addr + HEADER_SIZE, bytes)) return true;
      if (e) this.eraseEntry(e);
      e = this.create(n, size);
    }
    if (!e) throw new StorageError('Unable to find or create file');
    if (offset + bytes.length > e.size) throw new StorageError('Too much data for file size');
    const at = e.addr + HEADER_SIZE + offset;
    if (!this.isErased(at, bytes.length)) throw new StorageError('File already written with different data');
    if (bytes.length) this.lowLevelWrite(at, bytes);
    return true;
  }

  private equals(addr: number, bytes: Uint8Array): boolean {
    for (let i = 0; i < bytes.length; i++) if (this.bytes[addr + i] !== bytes[i]) return false;
    return true;
  }

  private create(name: string, size: number): Entry | undefined {
    const required = align(size) + HEADER_SIZE;
    let st = this.stats();
    if (st.freeBytes < required) {
      // Espruino compacts automatically, but only when that would make enough room
      if (required < st.freeBytes + st.trashBytes) {
        this.compact();
        st = this.stats();
      }
      if (st.freeBytes < required) return undefined;
    }
    const addr = this.capacity - st.freeBytes;
    const header = new Uint8Array(HEADER_SIZE);
    header[0] = size & 0xff;
    header[1] = (size >> 8) & 0xff;
    header[2] = (size >> 16) & 0xff;
    header[3] = 0; // flags
    for (let i = 0; i < name.length; i++) header[4 + i] = name.charCodeAt(i) & 0xff;
    this.lowLevelWrite(addr, header);
    return { addr, size, flags: 0, name, trash: false };
  }

  erase(name: string): boolean {
    const e = this.find(name);
    if (!e) return false;
    this.eraseEntry(e);
    return true;
  }

  eraseAll(): void {
    for (let p = 0; p < this.capacity; p += this.pageSize) {
      if (!this.isErased(p, Math.min(this.pageSize, this.capacity - p))) this.lowLevelWrite(p, null, Math.min(this.pageSize, this.capacity - p));
    }
  }

  /** Move live files to the start, page by page (erase + program per changed page). */
  compact(): boolean {
    const { list } = this.entries();
    const image = new Uint8Array(this.capacity).fill(0xff);
    let at = 0;
    for (const e of list) {
      if (e.trash) continue;
      const len = HEADER_SIZE + e.size;
      image.set(this.bytes.subarray(e.addr, e.addr + len), at);
      at = align(at + len);
    }
    let changed = false;
    for (let p = 0; p < this.capacity; p += this.pageSize) {
      const end = Math.min(p + this.pageSize, this.capacity);
      let same = true;
      for (let i = p; i < end; i++)
        if (this.bytes[i] !== image[i]) {
          same = false;
          break;
        }
      if (same) continue;
      changed = true;
      this.lowLevelWrite(p, null, end - p);
      this.lowLevelWrite(p, image.subarray(p, end));
    }
    return changed;
  }
}

/** Espruino copies at most 28 characters of a name (longer names are silently truncated). */
export function normaliseName(name: string): string {
  return String(name).slice(0, MAX_FILENAME);
}

export function stringToBytes(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i) & 0xff;
  return b;
}

export function bytesToString(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 4096) s += String.fromCharCode.apply(null, Array.from(b.subarray(i, i + 4096)));
  return s;
}
