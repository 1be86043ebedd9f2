import { FlashImage, PowerLoss, VirtualPico } from '../../sim/runtime';

describe('Virtual Pico: Storage on a simulated 48 KB flash area', () => {
  test('write/read, offsets, erase, list, getFree', () => {
    const pico = new VirtualPico();
    const S = 'var S = require("Storage");';
    pico.eval(S);
    expect(pico.eval('S.getFree()')).toBe(48 * 1024);
    expect(pico.eval('S.write("cfg", "hello")')).toBe(true);
    expect(pico.eval('S.read("cfg")')).toBe('hello');
    expect(pico.eval('S.read("cfg", 1, 3)')).toBe('ell');
    expect(pico.eval('S.read("nope")')).toBeUndefined();
    expect(pico.eval('S.getFree()')).toBe(48 * 1024 - 32 - 8);
    // reserve then fill at offsets (the board's way of writing big files in chunks)
    pico.eval('S.write("big", "Hello", 0, 14); S.write("big", " ", 5); S.write("big", "World!!!", 6);');
    expect(pico.eval('S.read("big")')).toBe('Hello World!!!');
    // unwritten bytes read as 0xFF; overwriting written bytes fails
    pico.eval('S.write("part", "ab", 0, 4)');
    expect(pico.eval('S.read("part")')).toBe('ab\xff\xff');
    expect(() => pico.eval('S.write("part", "zz", 0+1)')).toThrow(/File already written with different data/);
    expect(() => pico.eval('S.write("part", "toolong", 2)')).toThrow(/Too much data for file size/);
    // writing new content at offset 0 replaces the file
    pico.eval('S.write("cfg", "bye")');
    expect(pico.eval('S.read("cfg")')).toBe('bye');
    expect(pico.eval('S.list().sort().join()')).toBe('big,cfg,part');
    expect(pico.eval('S.list(/^b/).join()')).toBe('big');
    pico.eval('S.erase("big")');
    expect(pico.eval('S.read("big")')).toBeUndefined();
    expect(pico.eval('S.getStats().trashCount')).toBe(2); // old "cfg" and "big"
    // JSON: writeJSON drops quotes like Espruino, readJSON reads it back
    pico.eval('S.writeJSON("j", {gain: 2.5, name: "x", list: [1,2]})');
    expect(pico.eval('S.read("j")')).toBe('{gain:2.5,name:"x",list:[1,2]}');
    expect(pico.eval('S.readJSON("j").list[1]')).toBe(2);
    expect(pico.eval('S.readJSON("missing")')).toBeUndefined();
    // names are at most 28 characters
    pico.eval('S.write("a_very_long_file_name_that_is_over_28", "x")');
    expect(pico.eval('S.list(/very/)[0].length')).toBe(28);
  });

  test('a full Storage errors until compact()/trash frees space; getFree counts only unused space', () => {
    const pico = new VirtualPico();
    pico.eval('var S = require("Storage"); var chunk = new Uint8Array(8000);');
    for (let i = 0; i < 6; i++) pico.eval(`S.write("f${i}", chunk)`);
    expect(pico.eval('S.getFree()')).toBe(48 * 1024 - 6 * 8032);
    expect(() => pico.eval('S.write("f6", chunk)')).toThrow(/Unable to find or create file/);
    pico.eval('S.erase("f0"); S.erase("f1")');
    expect(pico.eval('S.getFree()')).toBe(48 * 1024 - 6 * 8032); // erased files are trash, not free
    pico.eval('S.compact()');
    expect(pico.eval('S.getFree()')).toBe(48 * 1024 - 4 * 8032);
    expect(pico.eval('S.write("f6", chunk)')).toBe(true);
    // and Espruino compacts by itself when that makes enough room
    pico.eval('S.erase("f2")');
    expect(pico.eval('S.write("f7", chunk)')).toBe(true);
    expect(pico.eval('S.list().sort().join()')).toBe('f3,f4,f5,f6,f7');
  });

  test('files survive reset() and powerCycle(), and a new VirtualPico on the same FlashImage', () => {
    const flash = new FlashImage();
    const pico = new VirtualPico({ storage: flash });
    pico.eval('require("Storage").write("keep", "me"); var ram = 1;');
    pico.eval('reset()');
    expect(pico.resets).toBe(1);
    expect(pico.eval('typeof ram')).toBe('undefined');
    expect(pico.eval('require("Storage").read("keep")')).toBe('me');
    pico.powerCycle();
    expect(pico.eval('require("Storage").read("keep")')).toBe('me');
    const again = new VirtualPico({ storage: FlashImage.fromBuffer(flash.toBuffer()) });
    expect(again.eval('require("Storage").read("keep")')).toBe('me');
  });

  test('an interrupted write leaves the old file readable or the new one, never a crash of the reader', () => {
    const flash = new FlashImage();
    const pico = new VirtualPico({ storage: flash });
    pico.eval('require("Storage").write("cal", "version-1")');
    // replacing a file = zero the old name, write a header, write the data: cut the data write
    flash.interruptAfterWrites(3);
    expect(() => pico.eval('require("Storage").write("cal", "version-2")')).toThrow(PowerLoss);
    expect(() => pico.advance(10)).toThrow(PowerLoss); // the board is off now
    // power comes back: the new file exists but half of its bytes never got written
    const after = new VirtualPico({ storage: flash });
    expect(after.eval('require("Storage").read("cal")')).toBe('vers\xff\xff\xff\xff\xff');
    // a firmware that writes a new name first and erases the old one afterwards keeps a good copy
    after.eval('require("Storage").write("cal", "version-1")');
    flash.interruptAfterWrites(2);
    expect(() => after.eval('var S = require("Storage"); S.write("cal.new", "version-2"); S.erase("cal");')).toThrow(PowerLoss);
    after.powerCycle();
    expect(after.eval('require("Storage").read("cal")')).toBe('version-1');
  });
});
