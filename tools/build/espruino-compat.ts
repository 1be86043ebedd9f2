// Refuses JavaScript that Espruino cannot run, before it reaches a board. The rules come from
// ../shared/espruino/FACTS.md and builtins.json (measured on Espruino's own interpreter):
// syntax it rejects, built-ins it lacks, built-in methods reached through `prototype`, and
// names used before the statement that defines them has run (Espruino hoists nothing).

import * as acorn from 'acorn';
import { lineCol, unsupportedSyntax } from './espruino-syntax';
import * as fs from 'fs';
import * as path from 'path';

export interface CompatProblem {
  /** Character offset in the checked source. */
  pos: number;
  line: number;
  column: number;
  rule: 'syntax' | 'missing-builtin' | 'prototype-method' | 'use-before-definition' | 'parse';
  message: string;
}

export interface BuiltinsList {
  missing: string[];
  present: string[];
}

/** Where builtins.json lives relative to the project root (the shared folder beside it). */
export function defaultBuiltinsPath(projectRoot: string): string {
  return path.resolve(projectRoot, '..', 'shared', 'espruino', 'builtins.json');
}

/**
 * The missing-built-ins list. The measured file is read when present; a clone without
 * ../shared falls back to the copy of its names kept in tools/build/espruino-builtins.json
 * so the build gives the same answer everywhere.
 */
export function loadBuiltins(projectRoot: string): BuiltinsList {
  const shared = defaultBuiltinsPath(projectRoot);
  const local = path.join(projectRoot, 'tools', 'build', 'espruino-builtins.json');
  const file = fs.existsSync(shared) ? shared : local;
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  return { missing: json.missing, present: json.present };
}

// Constructors whose prototype methods are `undefined` through `X.prototype` on the board.
const BUILTIN_CONSTRUCTORS = new Set([
  'Array', 'String', 'Function', 'Object', 'Number', 'Boolean', 'Date', 'RegExp', 'Promise', 'Error',
  'ArrayBuffer', 'DataView', 'Uint8Array', 'Int8Array', 'Uint16Array', 'Int16Array', 'Uint32Array',
  'Int32Array', 'Float32Array', 'Float64Array', 'Uint8ClampedArray',
]);
// The ones FACTS.md found reachable.
const PROTOTYPE_ALLOWED = new Set(['Object.prototype.hasOwnProperty']);

type Node = acorn.Node & { [key: string]: any };

interface Scope {
  /** Declared names and where their declaration takes effect. */
  decls: Map<string, number>;
  parent: Scope | null;
  /** Function scopes run later than their enclosing code; block scopes run in line. */
  isFunction: boolean;
}


export function checkEspruinoCompat(source: string, builtins: BuiltinsList): CompatProblem[] {
  const problems: CompatProblem[] = [];
  const add = (pos: number, rule: CompatProblem['rule'], message: string) => {
    const lc = lineCol(source, pos);
    problems.push({ pos, line: lc.line, column: lc.column, rule, message });
  };

  let ast: Node;
  try {
    ast = acorn.parse(source, { ecmaVersion: 'latest', sourceType: 'script', allowReturnOutsideFunction: false }) as Node;
  } catch (e: any) {
    add(e.pos ?? 0, 'parse', `not valid JavaScript: ${e.message}`);
    return problems;
  }

  const missingGlobals = new Set<string>();
  const missingStatics = new Set<string>();
  const missingProto = new Set<string>();
  const presentProto = new Set<string>();
  for (const name of builtins.missing) {
    const parts = name.split('.');
    if (parts.length === 1) missingGlobals.add(name);
    else if (parts[1] === 'prototype') missingProto.add(parts[2]);
    else missingStatics.add(name);
  }
  for (const name of builtins.present) {
    const parts = name.split('.');
    if (parts[1] === 'prototype') presentProto.add(parts[2]);
  }
  // A method name the board has on some type is not flagged: the call may be on that type.
  for (const name of presentProto) missingProto.delete(name);

  // Syntax: one list shared with the Virtual Pico (espruino-syntax.ts).
  for (const p of unsupportedSyntax(ast)) add(p.pos, 'syntax', `${p.construct} is a syntax error on Espruino`);

  // Pass 1: declarations per scope. Pass 2 (interleaved via recursion): references.
  function declare(scope: Scope, name: string, pos: number) {
    if (!scope.decls.has(name)) scope.decls.set(name, pos);
  }

  function functionScopeOf(scope: Scope): Scope {
    let s = scope;
    while (!s.isFunction && s.parent) s = s.parent;
    return s;
  }

  /**
   * Declarations of a body: its functions, classes and let/const in `scope`, and every `var`
   * below it (outside nested functions) in the enclosing function's scope. Nested blocks
   * collect their own functions and let/const when they are walked.
   */
  function collectDeclarations(body: Node[], scope: Scope) {
    const fnScope = functionScopeOf(scope);
    const findVars = (node: Node | null | undefined) => {
      if (!node || typeof node.type !== 'string') return;
      if (node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression' || node.type === 'ClassExpression' || node.type === 'ClassDeclaration') return;
      if (node.type === 'VariableDeclaration' && node.kind === 'var') {
        for (const d of node.declarations) if (d.id.type === 'Identifier') declare(fnScope, d.id.name, d.start);
      }
      for (const key of Object.keys(node)) {
        const v = node[key];
        if (Array.isArray(v)) v.forEach(findVars);
        else if (v && typeof v.type === 'string') findVars(v);
      }
    };
    for (const stmt of body) {
      if ((stmt.type === 'FunctionDeclaration' || stmt.type === 'ClassDeclaration') && stmt.id) declare(scope, stmt.id.name, stmt.start);
      else if (stmt.type === 'VariableDeclaration' && stmt.kind !== 'var') {
        for (const d of stmt.declarations) if (d.id.type === 'Identifier') declare(scope, d.id.name, d.start);
      } else findVars(stmt);
    }
  }

  function resolve(scope: Scope, name: string): { scope: Scope; pos: number; crossesFunction: boolean } | null {
    let s: Scope | null = scope;
    let crosses = false;
    while (s) {
      const pos = s.decls.get(name);
      if (pos !== undefined) return { scope: s, pos, crossesFunction: crosses };
      if (s.isFunction) crosses = true;
      s = s.parent;
    }
    return null;
  }

  function reference(node: Node, scope: Scope) {
    const r = resolve(scope, node.name);
    if (!r) {
      if (missingGlobals.has(node.name)) add(node.start, 'missing-builtin', `${node.name} does not exist on Espruino`);
      return;
    }
    // A reference in the same function body, above the declaration, runs before it exists.
    if (!r.crossesFunction && node.start < r.pos) {
      add(node.start, 'use-before-definition', `"${node.name}" is used before its definition runs (Espruino does not hoist): move the definition above this use`);
    }
  }

  function bindPattern(pattern: Node, scope: Scope) {
    if (pattern.type === 'Identifier') declare(scope, pattern.name, pattern.start);
  }

  function walkFunction(node: Node, outer: Scope) {
    const scope: Scope = { decls: new Map(), parent: outer, isFunction: true };
    if (node.type === 'FunctionExpression' && node.id) declare(scope, node.id.name, -1);
    for (const p of node.params) {
      bindPattern(p, scope);
      if (p.type === 'Identifier') scope.decls.set(p.name, -1);
    }
    if (node.body.type === 'BlockStatement') {
      collectDeclarations(node.body.body, scope);
      for (const s of node.body.body) walk(s, scope);
    } else walk(node.body, scope);
  }

  function walkBlock(body: Node[], outer: Scope) {
    const scope: Scope = { decls: new Map(), parent: outer, isFunction: false };
    collectDeclarations(body, scope);
    for (const s of body) walk(s, scope);
  }

  function walk(node: Node | null | undefined, scope: Scope): void {
    if (!node || typeof node.type !== 'string') return;
    switch (node.type) {
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        walkFunction(node, scope);
        return;
      case 'BlockStatement':
        walkBlock(node.body, scope);
        return;
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement': {
        const s: Scope = { decls: new Map(), parent: scope, isFunction: false };
        const init = node.type === 'ForStatement' ? node.init : node.left;
        if (init && init.type === 'VariableDeclaration') {
          for (const d of init.declarations) {
            if (d.id.type === 'Identifier') declare(init.kind === 'var' ? functionScopeOf(scope) : s, d.id.name, d.start);
          }
        }
        for (const key of ['init', 'test', 'update', 'left', 'right', 'body']) walk(node[key], s);
        return;
      }
      case 'CatchClause': {
        const s: Scope = { decls: new Map(), parent: scope, isFunction: false };
        if (node.param) {
          if (node.param.type === 'Identifier') s.decls.set(node.param.name, -1);
        }
        walk(node.body, s);
        return;
      }
      case 'VariableDeclarator':
        walk(node.init, scope);
        return;
      case 'ClassDeclaration':
      case 'ClassExpression':
        walk(node.superClass, scope);
        walk(node.body, scope);
        return;
      case 'PropertyDefinition':
      case 'MethodDefinition':
      case 'Property':
        if (node.computed) walk(node.key, scope);
        walk(node.value, scope);
        return;
      case 'Identifier':
        reference(node, scope);
        return;
      case 'MemberExpression': {
        walk(node.object, scope);
        if (node.computed) walk(node.property, scope);
        const obj = node.object;
        const prop = node.computed ? null : node.property.name;
        if (obj.type === 'Identifier' && prop && !resolve(scope, obj.name)) {
          if (missingStatics.has(`${obj.name}.${prop}`)) add(node.start, 'missing-builtin', `${obj.name}.${prop} does not exist on Espruino`);
        }
        if (
          obj.type === 'MemberExpression' && !obj.computed && obj.property.name === 'prototype' &&
          obj.object.type === 'Identifier' && BUILTIN_CONSTRUCTORS.has(obj.object.name) && !resolve(scope, obj.object.name) && prop &&
          !PROTOTYPE_ALLOWED.has(`${obj.object.name}.prototype.${prop}`)
        ) {
          add(node.start, 'prototype-method', `${obj.object.name}.prototype.${prop} is undefined on Espruino: call the method on an instance (e.g. [].${prop}.call(...))`);
        }
        return;
      }
      case 'CallExpression':
      case 'NewExpression': {
        const callee = node.callee;
        if (callee.type === 'MemberExpression' && !callee.computed && missingProto.has(callee.property.name)) {
          add(callee.property.start, 'missing-builtin', `.${callee.property.name}() does not exist on Espruino's built-in types`);
        }
        walk(callee, scope);
        for (const a of node.arguments) walk(a, scope);
        return;
      }
      case 'BinaryExpression':
      case 'AssignmentExpression':
        walk(node.left, scope);
        walk(node.right, scope);
        return;
      case 'SpreadElement':
      case 'AwaitExpression':
        walk(node.argument, scope);
        return;
      // Patterns bind names (declarations, above); what they hold is not a reference.
      case 'RestElement':
      case 'ObjectPattern':
      case 'ArrayPattern':
      case 'AssignmentPattern':
        return;
      case 'LabeledStatement':
        walk(node.body, scope);
        return;
      case 'BreakStatement':
      case 'ContinueStatement':
      case 'Literal':
        return;
      default:
        for (const key of Object.keys(node)) {
          if (key === 'type' || key === 'start' || key === 'end') continue;
          const v = node[key];
          if (Array.isArray(v)) v.forEach((c) => walk(c, scope));
          else if (v && typeof v.type === 'string') walk(v, scope);
        }
    }
  }

  const program: Scope = { decls: new Map(), parent: null, isFunction: true };
  collectDeclarations(ast.body as Node[], program);
  for (const s of ast.body as Node[]) walk(s, program);
  problems.sort((a, b) => a.pos - b.pos);
  return problems;
}

/** One line per problem, with the source line it points at. */
export function formatProblems(source: string, problems: CompatProblem[], fileLabel: string): string {
  const lines = source.split('\n');
  return problems
    .map((p) => {
      const text = lines[p.line - 1] ?? '';
      const from = Math.max(0, p.column - 40);
      const excerpt = text.slice(from, p.column + 40);
      return `${fileLabel}:${p.line}:${p.column} [${p.rule}] ${p.message}\n    ${excerpt}`;
    })
    .join('\n');
}
