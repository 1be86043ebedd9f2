// The syntax Espruino's parser rejects (measured: ../shared/espruino/FACTS.md), found in an
// acorn AST. One list, used by the build (which refuses the bundle) and by the Virtual Pico
// (which refuses to load it), so the two can never disagree.

import type * as acorn from 'acorn';

type AnyNode = acorn.Node & { [key: string]: any };

export interface SyntaxProblem {
  /** Character offset in the source. */
  pos: number;
  /** What it is, in words a person would search for. */
  construct: string;
}

export const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

/** The AST nodes directly below `node`, in source order. */
export function childNodes(node: AnyNode): AnyNode[] {
  const out: AnyNode[] = [];
  for (const key of Object.keys(node)) {
    if (key === 'type' || key === 'start' || key === 'end' || key === 'loc' || key === 'range') continue;
    const v = node[key];
    if (Array.isArray(v)) {
      for (const x of v) if (x && typeof x === 'object' && typeof x.type === 'string') out.push(x);
    } else if (v && typeof v === 'object' && typeof v.type === 'string') out.push(v);
  }
  return out;
}

/** Every construct in `ast` that Espruino cannot parse, in source order. */
export function unsupportedSyntax(ast: acorn.Node): SyntaxProblem[] {
  const problems: SyntaxProblem[] = [];
  const add = (node: AnyNode, construct: string) => problems.push({ pos: node.start, construct });
  const isParamOf = (parent: AnyNode | null, node: AnyNode) => !!parent && FUNCTION_TYPES.has(parent.type) && parent.params.includes(node);
  const walk = (node: AnyNode, parent: AnyNode | null) => {
    switch (node.type) {
      case 'ObjectPattern':
      case 'ArrayPattern':
        add(node, 'destructuring');
        break;
      case 'SpreadElement':
        add(node, 'spread syntax (...)');
        break;
      case 'RestElement':
        add(node, isParamOf(parent, node) ? 'rest parameters (...args)' : 'destructuring');
        break;
      case 'AssignmentPattern':
        add(node, isParamOf(parent, node) ? 'default parameters' : 'destructuring');
        break;
      case 'ChainExpression':
        add(node, 'optional chaining (?.)');
        break;
      case 'BinaryExpression':
      case 'AssignmentExpression':
        if (node.operator === '**' || node.operator === '**=') add(node, 'the ** operator (exponentiation)');
        break;
      case 'AwaitExpression':
        add(node, 'async/await');
        break;
      case 'YieldExpression':
        add(node, 'generators');
        break;
      case 'LabeledStatement':
        add(node, 'labels');
        break;
      case 'PrivateIdentifier':
        add(node, 'private fields (#x)');
        break;
      case 'ImportExpression':
        add(node, 'dynamic import()');
        break;
      case 'Literal':
        if (typeof node.bigint === 'string') add(node, 'BigInt literals');
        break;
      case 'ForOfStatement':
        if (node.await) add(node, 'async/await');
        break;
    }
    if (FUNCTION_TYPES.has(node.type)) {
      if (node.async) add(node, 'async/await');
      if (node.generator) add(node, 'generators');
    }
    for (const child of childNodes(node)) walk(child, node);
  };
  walk(ast as AnyNode, null);
  return problems.sort((a, b) => a.pos - b.pos);
}

/** 1-based line and column of a character offset. */
export function lineCol(source: string, pos: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < pos && i < source.length; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, column: pos - last };
}
