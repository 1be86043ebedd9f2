// The desktop telemetry parser (tools/grasp/telemetry.ts): versions, fields, sequence gaps, the
// console stream, the CSV.

import {
  csvRow,
  CSV_HEADER,
  faultNames,
  isTelemetryLine,
  LineSplitter,
  parseSessionCsv,
  parseTelemetryLine,
  SequenceTracker,
  sparkline,
  TelemetryError,
} from '../../tools/grasp/telemetry';

describe('parseTelemetryLine', () => {
  test('a version 1 line with two sites and five fingers', () => {
    const r = parseTelemetryLine('T1,42,4200,2,412,31,5,1000,500,0,250,750,8');
    expect(r).toEqual({
      version: 1,
      seq: 42,
      ms: 4200,
      state: 2,
      stateName: 'moving',
      envelope: [0.412, 0.031],
      on: [true, false],
      paused: true,
      flags: 5,
      fingers: [1, 0.5, 0, 0.25, 0.75],
      faults: 8,
    });
    expect(faultNames(r.faults)).toEqual(['site0StuckAtRail']);
    // Site 1's bits of version 1 land in version 2's places.
    expect(faultNames(parseTelemetryLine('T1,42,4200,2,412,31,5,1000,500,0,250,750,49').faults)).toEqual(['loopError', 'site1SignalInvalid', 'site1StuckAtRail']);
  });

  test('version 2: five fault bits per site (signal, rail, flat line, saturated, noisy)', () => {
    const r = parseTelemetryLine('T2,7,700,4,3,31,0,0,0,0,0,0,' + (16 | (2 << 7) | (16 << 7)));
    expect(r.version).toBe(2);
    expect(faultNames(r.faults)).toEqual(['site0FlatLine', 'site1StuckAtRail', 'site1Noisy']);
    expect(faultNames(32 | 1024)).toEqual(['site0Saturated', 'site1Saturated']);
  });

  test('one site (env1 empty) and one finger; trailing CR and spaces', () => {
    const r = parseTelemetryLine('T1,0,0,1,30,,0,0,0\r');
    expect(r.envelope).toEqual([0.03, null]);
    expect(r.fingers).toEqual([0]);
    expect(r.faults).toBe(0);
  });

  test('an unknown version is refused with a clear error', () => {
    expect(() => parseTelemetryLine('T3,0,0,1,30,30,0,0,0,0,0,0,0')).toThrow(TelemetryError);
    expect(() => parseTelemetryLine('T3,0,0,1,30,30,0,0,0,0,0,0,0')).toThrow(/telemetry version 3 is not supported: this grasp tool reads version 1, 2/);
    expect(() => parseTelemetryLine('T0,0,0')).toThrow(/version 0 is not supported/);
  });

  test('malformed lines name the field', () => {
    expect(() => parseTelemetryLine('T1,0,0,1')).toThrow(/4 fields, expected at least 9/);
    expect(() => parseTelemetryLine('T1,x,0,1,30,30,0,0,0')).toThrow(/seq is "x"/);
    expect(() => parseTelemetryLine('T1,1,0,1,30,30,0,0.5,0')).toThrow(/finger 0 is "0.5"/);
    expect(() => parseTelemetryLine('hello')).toThrow(/not a telemetry line/);
  });

  test('NaN envelopes (a broken sensor) parse as NaN', () => {
    expect(parseTelemetryLine('T1,1,0,4,NaN,30,0,0,4').envelope[0]).toBeNaN();
  });

  test('isTelemetryLine', () => {
    expect(isTelemetryLine('T1,0,0')).toBe(true);
    expect(isTelemetryLine('T17,0')).toBe(true);
    expect(isTelemetryLine('hand: saved')).toBe(false);
    expect(isTelemetryLine('Test,1')).toBe(false);
  });
});

describe('SequenceTracker', () => {
  const line = (seq: number) => parseTelemetryLine(`T1,${seq},${seq * 100},1,30,30,0,0,0`);

  test('counts the lines lost in gaps', () => {
    const t = new SequenceTracker();
    expect([0, 1, 2, 5, 6, 10].map((s) => t.next(line(s)))).toEqual([0, 0, 0, 2, 0, 3]);
    expect(t.lost).toBe(5);
    expect(t.received).toBe(6);
  });

  test('a sequence that starts again is a restart, not a gap', () => {
    const t = new SequenceTracker();
    [3, 4, 0, 1].forEach((s) => t.next(line(s)));
    expect(t.lost).toBe(0);
    expect(t.restarts).toBe(1);
  });
});

describe('LineSplitter', () => {
  test('finds lines across chunks, without the prompt and the escape codes of output from a timer', () => {
    const got: string[] = [];
    const s = new LineSplitter((l) => got.push(l));
    s.push('>\r\x1b[JT1,0,10');
    s.push('0,1,30,30,0,0,0\r\n>\r\x1b[JT1,1,200,1,30,30,0,0,0\r\n');
    s.push('hand: saved\r\n>');
    expect(got).toEqual(['T1,0,100,1,30,30,0,0,0', 'T1,1,200,1,30,30,0,0,0', 'hand: saved']);
  });
});

describe('CSV', () => {
  test('rows written by record read back, with gaps and comments', () => {
    const a = parseTelemetryLine('T1,0,0,1,31,29,0,0,0,0,0,0,0');
    const b = parseTelemetryLine('T1,3,150,2,412,29,1,100,100,100,100,100,0');
    const text = ['# config {"version":1}', CSV_HEADER.join(','), csvRow(a, 0), csvRow(b, 2), '# end'].join('\n');
    const s = parseSessionCsv(text);
    expect(s.comments).toEqual(['config {"version":1}', 'end']);
    expect(s.rows).toHaveLength(2);
    expect(s.rows[1]).toMatchObject({ seq: 3, ms: 150, state: 'moving', env: [0.412, 0.029], on: [true, false], lostBefore: 2, fingers: [0.1, 0.1, 0.1, 0.1, 0.1] });
  });

  test('a file that is not a recording is refused with the line', () => {
    expect(() => parseSessionCsv('a,b\n1,2\n')).toThrow(/line 1: not a grasp record CSV/);
    expect(() => parseSessionCsv(CSV_HEADER.join(',') + '\nx,0,ready,0,0,0,0,0,,,0\n')).toThrow(/line 2: seq is "x"/);
  });
});

test('sparkline', () => {
  expect(sparkline([0, 0.5, 1, NaN])).toBe('▁▅█ ');
  expect(sparkline([2, 4], 0, 4)).toBe('▅█');
});
