// Source preparation: what happens to a script between "upload" and "run" in the Virtual Pico.
//
// 1. Parse with acorn and REJECT syntax Espruino 2v29 cannot parse (FACTS.md: destructuring,
//    spread, rest parameters, default parameters, `?.`, `**`, async/await, generators, labels,
//    private `#x`; plus BigInt literals and dynamic import()) - the same list the build uses
//    (tools/build/espruino-syntax.ts). The board only notices such code
//    when the interpreter reaches it (function bodies are parsed lazily); we refuse it up front,
//    which is stricter but points at the exact construct and position.
// 2. NO HOISTING: every `function f(..){..}` declaration is rewritten in place to
//    `var f = function f(..){..};` so that the name only holds the function once execution reaches
//    that statement (calling it earlier throws "f is not a function" instead of the board's
//    ReferenceError - the failure is the same, the wording differs). TypeScript's `__extends(B, _super);
//    function B(){}` therefore fails here as it does on the board.
// 3. Scope registration for the memory estimate: closure variables are invisible to a walk of the
//    global object, yet an esbuild IIFE bundle keeps ALL its state in them. Every function that
//    both declares names and creates nested functions (so its scope can outlive the call) gets a
//    first statement `$__vpS(siteId, function(){ return [a, b, ...] })`; the registry in the
//    sandbox keeps those getters (see prelude.ts) and memory.ts walks the values they return.
//    Top-level `let`/`const`/`class` (which are not global-object properties) are registered the
//    same way. Expression-bodied arrows are not instrumented.
//
// 4. INDEX CHECKS: on Espruino, reading or writing a typed array or a string at a negative,
//    fractional, NaN or undefined index throws ("Field or method "-1" does not already exist, and
//    can't create it on Uint8Array"), where Node returns undefined. Every `o[k]` whose key is not
//    a string or a whole-number literal becomes `(($__vpO=o),$__vpO)[$__vpI($__vpO,k)]` (reads, writes, calls alike:
//    the object is evaluated once and before the key), and $__vpI throws as the board does.
//
// All edits are insertions on the same line, so line numbers in errors stay those of the input.

import * as acorn from 'acorn';
import { FUNCTION_TYPES, childNodes, lineCol, unsupportedSyntax } from '../../tools/build/espruino-syntax';

type AnyNode = acorn.Node & { [key: string]: any };

export class EspruinoSyntaxError extends SyntaxError {
  constructor(
    message: string,
    readonly construct: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
    this.name = 'SyntaxError';
  }
}

/** One instrumented scope: the names its getter returns, in order. */
export interface ScopeSite {
  id: number;
  names: string[];
}

export interface PreparedSource {
  /** The transformed source, ready for vm. */
  code: string;
  /** Characters of the functions that persist after the script ran (IIFE wrappers excluded). */
  persistentFunctionChars: number;
  /** Number of function literals in the source. */
  functionCount: number;
  sites: ScopeSite[];
}

export const SCOPE_REGISTRY_NAME = '$__vpS';
export const INDEX_CHECK_NAME = '$__vpI';
export const INDEX_OBJECT_NAME = '$__vpO';



/** Parse, check and transform. Throws EspruinoSyntaxError for anything the board rejects. */
export function prepareSource(
  src: string,
  opts: { instrument?: boolean; nextSiteId?: () => number; fileName?: string } = {},
): PreparedSource {
  let ast: AnyNode;
  try {
    ast = acorn.parse(src, { ecmaVersion: 'latest', sourceType: 'script', allowHashBang: true }) as AnyNode;
  } catch (e) {
    const err = e as Error & { pos?: number; loc?: { line: number; column: number } };
    const loc = err.loc ?? { line: 0, column: 0 };
    throw new EspruinoSyntaxError(
      `${err.message.replace(/\s*\(\d+:\d+\)$/, '')} (line ${loc.line}, column ${loc.column + 1})`,
      'parse',
      loc.line,
      loc.column + 1,
    );
  }

  const inserts: { pos: number; text: string; order: number }[] = [];
  let order = 0;
  const insert = (pos: number, text: string) => inserts.push({ pos, text, order: order++ });
  // A scope registration must come before a declaration rewrite at the same position (a body
  // that starts with a function declaration), or it would become that declaration's value.
  const insertFirst = (pos: number, text: string) => inserts.push({ pos, text, order: -1 - order++ });
  const sites: ScopeSite[] = [];
  let siteCounter = 0;
  const nextSiteId = opts.nextSiteId ?? (() => ++siteCounter);
  let persistentFunctionChars = 0;
  let functionCount = 0;

  // ---- syntax checks + function-declaration rewrite + persistent code size ----
  const walk = (node: AnyNode, parent: AnyNode | null, inIIFE: boolean, counted: boolean) => {
    let childCounted = counted;
    let childIIFE = false;
    if (FUNCTION_TYPES.has(node.type) || (node.type === 'FunctionExpression')) {
      functionCount++;
      if (!counted && !inIIFE) {
        persistentFunctionChars += node.end - node.start;
        childCounted = true;
      }
      if (node.type === 'FunctionDeclaration' && node.id) {
        insert(node.start, `var ${node.id.name} = `);
        insert(node.end, ';');
      }
    }
    // (Before the children: an outer o[k] wraps the inner ones that start where it starts.)
    const forLeft = parent && (parent.type === 'ForInStatement' || parent.type === 'ForOfStatement') && parent.left === node;
    const plainKey = node.type === 'MemberExpression' && node.property.type === 'Literal' && (typeof node.property.value === 'string' || (typeof node.property.value === 'number' && node.property.value % 1 === 0));
    if (node.type === 'MemberExpression' && node.computed && !plainKey && node.object.type !== 'Super' && !forLeft) {
      insert(node.start, `((${INDEX_OBJECT_NAME}=`);
      insert(node.object.end, `),${INDEX_OBJECT_NAME})`);
      insert(node.property.start, `${INDEX_CHECK_NAME}(${INDEX_OBJECT_NAME},`);
      insert(node.property.end, ')');
    }
    for (const child of childNodes(node)) {
      childIIFE = node.type === 'CallExpression' && child === node.callee && FUNCTION_TYPES.has(child.type);
      walk(child, node, childIIFE, childCounted);
    }
  };
  walk(ast, null, false, false);

  const problems = unsupportedSyntax(ast);
  if (problems.length) {
    const p = problems[0];
    const { line, column } = lineCol(src, p.pos);
    throw new EspruinoSyntaxError(
      `${p.construct} is not supported by Espruino (line ${line}, column ${column})`,
      p.construct,
      line,
      column,
    );
  }

  // ---- scope instrumentation ----
  if (opts.instrument !== false) {
    // A function called where it is written (an IIFE, as terser makes of inlined calls) with no
    // function inside it cannot outlive the call: it does not keep the enclosing scope alive.
    const containsFunction = (node: AnyNode): boolean => {
      for (const c of childNodes(node)) {
        if (node.type === 'CallExpression' && c === node.callee && FUNCTION_TYPES.has(c.type) && !containsFunction(c)) continue;
        if (FUNCTION_TYPES.has(c.type) || c.type === 'ClassDeclaration' || c.type === 'ClassExpression') return true;
        if (containsFunction(c)) return true;
      }
      return false;
    };
    /** Names declared in a function body: vars anywhere (not in nested functions), lexical at top. */
    const collectDecls = (body: AnyNode[], vars: Set<string>, lexical: Set<string>) => {
      const visitVars = (n: AnyNode) => {
        if (FUNCTION_TYPES.has(n.type) && n.type !== 'FunctionDeclaration') return;
        if (n.type === 'FunctionDeclaration') {
          if (n.id) vars.add(n.id.name); // rewritten to `var`
          return;
        }
        if (n.type === 'ClassDeclaration' || n.type === 'ClassExpression') return;
        if (n.type === 'VariableDeclaration' && n.kind === 'var') {
          for (const d of n.declarations) if (d.id.type === 'Identifier') vars.add(d.id.name);
        }
        for (const c of childNodes(n)) visitVars(c);
      };
      for (const stmt of body) {
        visitVars(stmt);
        if (stmt.type === 'VariableDeclaration' && stmt.kind !== 'var') {
          for (const d of stmt.declarations) if (d.id.type === 'Identifier') lexical.add(d.id.name);
        } else if (stmt.type === 'ClassDeclaration' && stmt.id) {
          lexical.add(stmt.id.name);
        }
      }
    };
    const getter = (plain: string[], tdz: string[]): string => {
      let s = 'function(){var r=[];';
      let i = 0;
      for (const n of plain) s += `r[${i++}]=${n};`;
      for (const n of tdz) s += `try{r[${i}]=${n}}catch(e){}`, i++;
      return s + 'return r}';
    };
    const afterDirectives = (body: AnyNode[], fallback: number): number => {
      let pos = fallback;
      for (const stmt of body) {
        if (stmt.type === 'ExpressionStatement' && typeof stmt.directive === 'string') pos = stmt.end;
        else break;
      }
      return pos;
    };
    const instrumentFunctions = (node: AnyNode) => {
      if (FUNCTION_TYPES.has(node.type) && node.body && node.body.type === 'BlockStatement' && containsFunction(node.body)) {
        const vars = new Set<string>();
        const lexical = new Set<string>();
        for (const p of node.params) if (p.type === 'Identifier') vars.add(p.name);
        collectDecls(node.body.body, vars, lexical);
        for (const n of lexical) vars.delete(n);
        if (vars.size + lexical.size > 0) {
          const id = nextSiteId();
          const plain = [...vars];
          const tdz = [...lexical];
          sites.push({ id, names: [...plain, ...tdz] });
          insertFirst(afterDirectives(node.body.body, node.body.start + 1), `${SCOPE_REGISTRY_NAME}(${id},${getter(plain, tdz)});`);
        }
      }
      for (const c of childNodes(node)) instrumentFunctions(c);
    };
    // top-level lexical names
    const topVars = new Set<string>();
    const topLexical = new Set<string>();
    collectDecls(ast.body, topVars, topLexical);
    if (topLexical.size) {
      const id = nextSiteId();
      const tdz = [...topLexical];
      sites.push({ id, names: tdz });
      // at the start (after directives): the getter only reads the names later, TDZ-guarded;
      // at the end it would change the script's completion value (what eval() returns)
      insertFirst(afterDirectives(ast.body, 0), `${SCOPE_REGISTRY_NAME}(${id},${getter([], tdz)});`);
    }
    instrumentFunctions(ast);
  }

  // apply insertions (stable for equal positions: earlier-registered first)
  inserts.sort((a, b) => a.pos - b.pos || a.order - b.order);
  let code = '';
  let last = 0;
  for (const ins of inserts) {
    code += src.slice(last, ins.pos) + ins.text;
    last = ins.pos;
  }
  code += src.slice(last);
  return { code, persistentFunctionChars, functionCount, sites };
}
