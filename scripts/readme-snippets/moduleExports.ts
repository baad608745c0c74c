import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';

/**
 * What a source module exports, read from its syntax alone (no type-check): each name and whether it is only a type.
 * `verbatimModuleSyntax` wants a type imported with `import type`, so a generated import must know which is which.
 */
export type ExportKind = 'value' | 'type';

const cache = new Map<string, Map<string, ExportKind>>();

/** The exports of the module at `file` (absolute), following `export { … } from` and `export * from`. */
export function moduleExports(file: string): Map<string, ExportKind> {
  const cached = cache.get(file);
  if (cached) return cached;
  const exports = new Map<string, ExportKind>();
  cache.set(file, exports);
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const add = (name: string, kind: ExportKind) => {
    if (exports.get(name) !== 'value') exports.set(name, kind);
  };
  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement)) {
      const target = statement.moduleSpecifier && resolveSpecifier(file, statement.moduleSpecifier);
      const targetExports = target ? moduleExports(target) : new Map<string, ExportKind>();
      if (!statement.exportClause) for (const [name, kind] of targetExports) add(name, kind);
      else if (ts.isNamedExports(statement.exportClause)) {
        for (const element of statement.exportClause.elements) {
          const original = (element.propertyName ?? element.name).getText(source);
          const typeOnly = statement.isTypeOnly || element.isTypeOnly;
          add(element.name.getText(source), typeOnly ? 'type' : (targetExports.get(original) ?? 'value'));
        }
      }
      continue;
    }
    const modifiers = ts.canHaveModifiers(statement) ? ts.getModifiers(statement) : undefined;
    if (!modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)) continue;
    if (modifiers.some((modifier) => modifier.kind === ts.SyntaxKind.DefaultKeyword)) continue;
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations)
        for (const name of boundNames(declaration.name)) add(name, 'value');
    } else if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) {
      add(statement.name.text, 'type');
    } else if (
      (ts.isFunctionDeclaration(statement) ||
        ts.isClassDeclaration(statement) ||
        ts.isEnumDeclaration(statement)) &&
      statement.name
    ) {
      add(statement.name.text, 'value');
    }
  }
  return exports;
}

/** The names a declaration binds: `a`, or each name of `{ a, b: [c] }`. */
export function boundNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((element) =>
    ts.isOmittedExpression(element) ? [] : boundNames(element.name),
  );
}

function resolveSpecifier(from: string, specifier: ts.Expression): string | undefined {
  if (!ts.isStringLiteral(specifier) || !specifier.text.startsWith('.')) return undefined;
  const base = resolve(dirname(from), specifier.text.replace(/\.js$/, ''));
  return ['.ts', '.tsx', '/index.ts'].map((extension) => `${base}${extension}`).find(existsSync);
}

/** The public entries of the packages (`packages/*\/src/index.ts`, `testing/index.ts`), absolute. */
export function publicEntries(root: string, packages: string[]): string[] {
  return packages
    .flatMap((name) =>
      ['index.ts', 'testing/index.ts'].map((entry) => join(root, 'packages', name, 'src', entry)),
    )
    .filter(existsSync);
}
