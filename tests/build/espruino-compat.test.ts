import * as fs from 'fs';
import * as path from 'path';
import { checkEspruinoCompat, loadBuiltins, defaultBuiltinsPath } from '../../tools/build/espruino-compat';

const root = path.resolve(__dirname, '..', '..');
const builtins = loadBuiltins(root);
const rules = (src: string) => checkEspruinoCompat(src, builtins).map((p) => p.rule);
const messages = (src: string) => checkEspruinoCompat(src, builtins).map((p) => p.message).join('\n');

describe('the build refuses what Espruino cannot run', () => {
  test.each([
    ['var {a} = o;', 'destructuring'],
    ['var [x] = xs;', 'destructuring'],
    ['f(...xs);', 'spread'],
    ['var a = [...xs];', 'spread'],
    ['var o2 = {...o};', 'spread'],
    ['function f(...r){}', 'rest parameter'],
    ['function f(a = 1){}', 'default parameter'],
    ['var v = o?.x;', 'optional chaining'],
    ['var p = 2 ** 3;', '** operator'],
    ['async function f(){}', 'async'],
    ['function* g(){}', 'generator'],
    ['outer: for(;;){ break outer; }', 'label'],
    ['class C { #x = 1; }', 'private field'],
  ])('%s -> syntax error (%s)', (src, what) => {
    expect(rules(src)).toContain('syntax');
    expect(messages(src)).toContain(what);
  });

  test.each([
    ['var m = new Map();', 'Map does not exist'],
    ['var s = Symbol("x");', 'Symbol does not exist'],
    ['if (Number.isFinite(x)) {}', 'Number.isFinite does not exist'],
    ['var t = Math.trunc(1.5);', 'Math.trunc does not exist'],
    ['var a = Array.from(x);', 'Array.from does not exist'],
    ['var i = s.trimStart();', '.trimStart() does not exist'],
    ['p.finally(f);', '.finally() does not exist'],
  ])('%s -> missing built-in', (src, msg) => {
    expect(rules(src)).toContain('missing-builtin');
    expect(messages(src)).toContain(msg);
  });

  test('a locally defined Map is not the missing built-in', () => {
    expect(rules('function Map(){} var m = new Map();')).toEqual([]);
  });

  test('built-in methods through prototype are refused, on an instance they pass', () => {
    expect(rules('var s = Array.prototype.slice.call(arguments, 1);')).toContain('prototype-method');
    expect(rules('function f(){ return [].slice.call(arguments, 1); }')).toEqual([]);
    expect(rules('var h = Object.prototype.hasOwnProperty;')).toEqual([]);
  });

  test('a function called before its declaration runs is refused (no hoisting on the board)', () => {
    const src = 'f();\nfunction f(){}';
    expect(rules(src)).toEqual(['use-before-definition']);
    expect(messages(src)).toContain('"f" is used before its definition');
  });

  test('a use inside a nested function that runs later is fine', () => {
    expect(rules('function a(){ return b(); }\nfunction b(){ return 1; }\na();')).toEqual([]);
  });

  test("TypeScript's ES5 class inheritance output is refused", () => {
    const es5 = 'var B = (function (_super) { __extends(B, _super); function B(){ return _super.call(this) || this; } return B; }(A));\nvar __extends = function(){};\nfunction A(){}';
    expect(rules(es5)).toContain('use-before-definition');
  });

  test('let/const used before their declaration are refused', () => {
    expect(rules('x = 1;\nlet x;')).toEqual(['use-before-definition']);
  });

  test('plain Espruino-friendly code passes', () => {
    const ok = 'var a = [1,2,3];\nfunction sum(xs){ var t = 0; for (var i = 0; i < xs.length; i++) t += xs[i]; return t; }\nvar b = a.map(function(x){ return x * 2; });\nlet c = b.length ? sum(b) : 0;\nconst d = `v${c}` + (c ?? 0);\nclass K extends Object { constructor(){ super(); } }\nsetInterval(() => print(sum(a)), 20);';
    expect(checkEspruinoCompat(ok, builtins)).toEqual([]);
  });
});

const sharedPath = defaultBuiltinsPath(root);
(fs.existsSync(sharedPath) ? test : test.skip)('the built-ins copy used without ../shared matches ../shared/espruino/builtins.json', () => {
  const shared = JSON.parse(fs.readFileSync(sharedPath, 'utf8'));
  const copy = JSON.parse(fs.readFileSync(path.join(root, 'tools', 'build', 'espruino-builtins.json'), 'utf8'));
  expect(copy.missing).toEqual(shared.missing);
  expect(copy.present).toEqual(shared.present);
});
if (!fs.existsSync(sharedPath)) console.warn(`SKIPPED: ${sharedPath} is absent, so the built-ins copy cannot be compared with it.`);
