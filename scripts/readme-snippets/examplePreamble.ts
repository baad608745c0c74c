import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import type { SnippetModule } from './extractSnippets.js';
import { type ExportKind, moduleExports, publicEntries } from './moduleExports.js';

/**
 * The lines put before a TSDoc example so that it compiles as it reads in its comment. An example that imports from
 * no package is written from inside its module: it gets an import of each export of that module it names, and its
 * relative imports (`./tokenRequest.js`) are read from the module's folder. One that imports from a package
 * (`@fief-spa/core`) is written as an app would, and gets no import of its module. A name that neither
 * the example nor its module declares (the `accessToken` of `fief.userinfo(accessToken)`) is declared when it is a
 * "given" of the example's file: `declare const accessToken: string;`. The types of the givens are imported from
 * the example's module or a package's public entry. Everything else must be declared or imported by the example.
 */

/** Name → type of the free names an example may use, as TypeScript type text. */
export type Givens = Record<string, string>;

export interface PreambleContext {
  root: string;
  /** The folder of the generated modules: imports are relative to it. */
  outDir: string;
  /** Every source file of the packages, relative to `root`: where a given's type may be declared. */
  sources: string[];
  /** The givens of every example, then those of its own file (which win). */
  givens: (file: string) => Givens;
}

/** `module` (fresh from `extractExamples`) with its preamble before its code, its lines moved down to match. */
export function withPreamble(module: SnippetModule, context: PreambleContext): SnippetModule {
  const file = join(context.root, module.readme);
  const names = exampleNames(module);
  const imports = new Map<string, Map<string, ExportKind>>();
  const inScope = new Set(names.declaredAtTop);
  const addImport = (from: string, name: string, kind: ExportKind) => {
    const imported = imports.get(from) ?? new Map<string, ExportKind>();
    if (imported.get(name) !== 'value') imported.set(name, kind);
    imports.set(from, imported);
    inScope.add(name);
  };

  if (!names.importsPackages) {
    for (const [name, kind] of moduleExports(file))
      if (names.used.has(name) && !inScope.has(name)) addImport(file, name, kind);
  }
  const declarations: string[] = [];
  for (const [name, type] of Object.entries(context.givens(module.readme))) {
    if (!names.used.has(name) || inScope.has(name) || names.declared.has(name)) continue;
    declarations.push(`declare const ${name}: ${type};`);
    for (const typeName of type.match(/(?<![\w$.'"])[A-Z][\w$]*/g) ?? []) {
      if (inScope.has(typeName)) continue;
      const from = typeSources(context, module.readme).find((entry) => moduleExports(entry).has(typeName));
      if (from) addImport(from, typeName, 'type');
    }
  }

  const lines = [...imports].map(([from, imported]) => {
    const list = [...imported].map(([name, kind]) => (kind === 'type' ? `type ${name}` : name));
    return `import { ${list.join(', ')} } from '${specifier(context.outDir, from)}';`;
  });
  lines.push(...declarations);
  const code = module.code.replace(RELATIVE_SPECIFIER, (_match, before: string, path: string) => {
    return `${before}'${specifier(context.outDir, resolve(dirname(file), path))}'`;
  });
  return {
    ...module,
    code: `${lines.map((line) => `${line}\n`).join('')}${code}`,
    blocks: module.blocks.map((block) => ({ ...block, moduleLine: block.moduleLine + lines.length })),
  };
}

/**
 * Where a given's type of an example of `file` is looked up, first first: the example's module, its package's
 * public entries, the other packages' entries, then every module of its package.
 */
function typeSources({ root, sources }: PreambleContext, file: string): string[] {
  const ownPackage = file.split('/').slice(0, 2).join('/');
  const packages = [...new Set(sources.map((source) => source.split('/')[1] ?? ''))];
  const own = packages.find((name) => `packages/${name}` === ownPackage) ?? '';
  return [
    join(root, file),
    ...publicEntries(root, [own, ...packages.filter((name) => name !== own)]),
    ...sources.filter((source) => source.startsWith(`${ownPackage}/`)).map((source) => join(root, source)),
  ];
}

/** A relative specifier of an `import … from` or an `import()`, with what comes before its quote. */
const RELATIVE_SPECIFIER = /(\bfrom\s+|\bimport\s*\(\s*)'(\.{1,2}\/[^']*)'/g;

function specifier(outDir: string, file: string): string {
  const path = relative(outDir, file).replace(/\.tsx?$/, '.js');
  return path.startsWith('.') ? path : `./${path}`;
}

interface ExampleNames {
  /** Names it imports or declares at its top level: an import of the same name would clash. */
  declaredAtTop: Set<string>;
  /** Names it declares anywhere (a parameter, a `catch (err)`): no given stands for them. */
  declared: Set<string>;
  /** Names it refers to: identifiers that are not a property (`a.name`, `{ name: 1 }`) nor in a string or comment. */
  used: Set<string>;
  importsPackages: boolean;
}

function exampleNames(module: SnippetModule): ExampleNames {
  const kind = module.extension === 'tsx' ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(
    `example.${module.extension}`,
    module.code,
    ts.ScriptTarget.Latest,
    true,
    kind,
  );
  const names: ExampleNames = {
    declaredAtTop: new Set(),
    declared: new Set(),
    used: new Set(),
    importsPackages: false,
  };
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier))
      names.importsPackages ||= !statement.moduleSpecifier.text.startsWith('.');
  }
  const visit = (node: ts.Node): void => {
    const declaredName = declarationName(node);
    if (declaredName) {
      const atTop = node.parent === source || isTopLevelBinding(node, source);
      for (const name of declaredName) {
        names.declared.add(name);
        if (atTop) names.declaredAtTop.add(name);
      }
    }
    if (ts.isIdentifier(node) && !isPropertyName(node)) names.used.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return names;
}

/** The names `node` binds when it is a declaration or an import. */
function declarationName(node: ts.Node): string[] | undefined {
  if (ts.isVariableDeclaration(node) || ts.isParameter(node) || ts.isBindingElement(node))
    return ts.isIdentifier(node.name) ? [node.name.text] : undefined;
  if (ts.isImportClause(node) || ts.isNamespaceImport(node) || ts.isImportSpecifier(node))
    return node.name ? [node.name.text] : undefined;
  if (
    ts.isFunctionDeclaration(node) ||
    ts.isClassDeclaration(node) ||
    ts.isInterfaceDeclaration(node) ||
    ts.isTypeAliasDeclaration(node) ||
    ts.isEnumDeclaration(node)
  )
    return node.name ? [node.name.text] : undefined;
  return undefined;
}

/** The nodes between a binding and its statement: `const { a: [b] } = …`, `import c, { d } from …`. */
const BINDING_PARTS = new Set([
  ts.SyntaxKind.VariableDeclaration,
  ts.SyntaxKind.VariableDeclarationList,
  ts.SyntaxKind.ObjectBindingPattern,
  ts.SyntaxKind.ArrayBindingPattern,
  ts.SyntaxKind.BindingElement,
  ts.SyntaxKind.ImportClause,
  ts.SyntaxKind.NamedImports,
]);

/** A variable or import binding of the module's scope: `const a`, `const { a } = …`, `import { a }`. */
function isTopLevelBinding(node: ts.Node, source: ts.SourceFile): boolean {
  let current = node.parent;
  while (BINDING_PARTS.has(current.kind)) current = current.parent;
  return (ts.isVariableStatement(current) || ts.isImportDeclaration(current)) && current.parent === source;
}

/** `a.name`, `{ name: 1 }`, `{ name() {} }`, `<p name="" />`, `A.Name` in a type: not a reference to `name`. */
function isPropertyName(node: ts.Identifier): boolean {
  const parent = node.parent;
  return (
    ((ts.isPropertyAccessExpression(parent) || ts.isQualifiedName(parent)) &&
      parent.getChildAt(2) === node) ||
    ((ts.isPropertyAssignment(parent) ||
      ts.isMethodDeclaration(parent) ||
      ts.isPropertySignature(parent) ||
      ts.isPropertyDeclaration(parent) ||
      ts.isJsxAttribute(parent)) &&
      parent.name === node)
  );
}
