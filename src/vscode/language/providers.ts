/**
 * The language features of stack files, as thin providers over src/core/language: completion, outline and
 * breadcrumbs, workspace symbols, rename, references, highlights and document links. The stack is the one the
 * validator lints (catalog/project.ts), so overlays, `include:` and `extends` are seen. Bundled apart
 * (dist/language.js, with the compose schema's text) and loaded on the first request: see index.ts.
 */
import * as vscode from 'vscode';
import type { TextEdit } from '../../core/diagnostic';
import { completionsAt, CompletionItem as CoreItem, CompletionKind } from '../../core/language/completion';
import { documentLinks } from '../../core/language/links';
import { highlightsAt, referencesAt } from '../../core/language/references';
import { prepareRename, renameAt } from '../../core/language/rename';
import { documentSymbols, DocSymbol, SymbolKind, workspaceSymbols } from '../../core/language/symbols';
import { readRegularFile } from '../../core/manifest/files';
import { SourceFile } from '../../core/model/source';
import type { ExtensionDeps } from '../deps';
import { projectFor } from '../catalog/project';
import { toRange } from '../manifests/convert';
import { isManifest } from '../manifests/detect';
import { readSettings } from '../manifests/settings';

const COMPLETION_KIND: Record<CompletionKind, vscode.CompletionItemKind> = {
  property: vscode.CompletionItemKind.Property,
  value: vscode.CompletionItemKind.EnumMember,
  reference: vscode.CompletionItemKind.Reference,
  variable: vscode.CompletionItemKind.Variable,
  host: vscode.CompletionItemKind.Module,
  image: vscode.CompletionItemKind.Module,
};

const SYMBOL_KIND: Record<SymbolKind, vscode.SymbolKind> = {
  section: vscode.SymbolKind.Namespace,
  service: vscode.SymbolKind.Class,
  network: vscode.SymbolKind.Interface,
  volume: vscode.SymbolKind.Struct,
  secret: vscode.SymbolKind.Key,
  config: vscode.SymbolKind.File,
};

const isStack = (doc: vscode.TextDocument): boolean => doc.uri.scheme === 'file' && isManifest(doc, readSettings(doc.uri).patterns);

/** A provider's body: a failure is logged, never thrown at the editor (rename's refusals are thrown on purpose). */
function guard<T>(deps: ExtensionDeps, what: string, fn: () => T): T | undefined {
  try {
    return fn();
  } catch (e) {
    deps.log.error(`${what} failed: ${(e as Error).stack ?? String(e)}`);
    return undefined;
  }
}

export function completion(deps: ExtensionDeps, doc: vscode.TextDocument, pos: vscode.Position): vscode.CompletionList | undefined {
  return guard(deps, 'Completion', () => {
    if (!isStack(doc)) return undefined;
    const items = completionsAt(doc.getText(), doc.offsetAt(pos), () => projectFor(doc));
    return new vscode.CompletionList(
      items.map((i) => toCompletion(doc, i)),
      false,
    );
  });
}

export function symbols(deps: ExtensionDeps, doc: vscode.TextDocument): vscode.DocumentSymbol[] | undefined {
  return guard(deps, 'Outline', () => (isStack(doc) ? documentSymbols(new SourceFile(doc.uri.fsPath, doc.getText())).map(toSymbol) : undefined));
}

export function prepare(deps: ExtensionDeps, doc: vscode.TextDocument, pos: vscode.Position): { range: vscode.Range; placeholder: string } {
  const p = isStack(doc) ? guard(deps, 'Rename', () => projectFor(doc)) : undefined;
  if (!p) throw new Error('This file is not part of a stack Mender Swarm reads.');
  const t = prepareRename(p, doc.uri.fsPath, doc.offsetAt(pos));
  if ('error' in t) throw new Error(t.error);
  return { range: toRange(t.span.file.rangeOf(t.span)), placeholder: t.name };
}

export function rename(deps: ExtensionDeps, doc: vscode.TextDocument, pos: vscode.Position, newName: string): vscode.WorkspaceEdit | undefined {
  const p = isStack(doc) ? guard(deps, 'Rename', () => projectFor(doc)) : undefined;
  if (!p) return undefined;
  const r = renameAt(p, doc.uri.fsPath, doc.offsetAt(pos), newName);
  if ('error' in r) throw new Error(r.error); // VS Code shows it: the name swarm would refuse, and why
  return toWorkspaceEdit(r.edits);
}

export function references(deps: ExtensionDeps, doc: vscode.TextDocument, pos: vscode.Position, ctx: vscode.ReferenceContext): vscode.Location[] | undefined {
  return guard(deps, 'References', () => {
    const p = isStack(doc) ? projectFor(doc) : undefined;
    const refs = p && referencesAt(p, doc.uri.fsPath, doc.offsetAt(pos), ctx.includeDeclaration);
    return refs?.map((r) => new vscode.Location(vscode.Uri.file(r.span.file.path), toRange(r.span.file.rangeOf(r.span))));
  });
}

export function highlights(deps: ExtensionDeps, doc: vscode.TextDocument, pos: vscode.Position): vscode.DocumentHighlight[] | undefined {
  return guard(deps, 'Highlights', () => {
    const p = isStack(doc) ? projectFor(doc) : undefined;
    return (
      p &&
      highlightsAt(p, doc.uri.fsPath, doc.offsetAt(pos)).map(
        (r) =>
          new vscode.DocumentHighlight(
            toRange(r.span.file.rangeOf(r.span)),
            r.definition ? vscode.DocumentHighlightKind.Write : vscode.DocumentHighlightKind.Read,
          ),
      )
    );
  });
}

export function links(deps: ExtensionDeps, doc: vscode.TextDocument): vscode.DocumentLink[] | undefined {
  return guard(deps, 'Document links', () =>
    isStack(doc)
      ? documentLinks(new SourceFile(doc.uri.fsPath, doc.getText())).map((k) => {
          const link = new vscode.DocumentLink(toRange(k.range), vscode.Uri.file(k.target));
          link.tooltip = `Open ${k.what}`;
          return link;
        })
      : undefined,
  );
}

function toCompletion(doc: vscode.TextDocument, i: CoreItem): vscode.CompletionItem {
  const c = new vscode.CompletionItem(i.label, COMPLETION_KIND[i.kind]);
  c.detail = i.detail;
  if (i.documentation) c.documentation = new vscode.MarkdownString(i.documentation);
  c.insertText = i.snippet ? new vscode.SnippetString(i.insertText) : i.insertText;
  c.range = new vscode.Range(doc.positionAt(i.replaceStart), doc.positionAt(i.replaceEnd));
  c.sortText = i.sortText;
  if (i.deprecated) c.tags = [vscode.CompletionItemTag.Deprecated];
  return c;
}

function toSymbol(s: DocSymbol): vscode.DocumentSymbol {
  const d = new vscode.DocumentSymbol(s.name, s.detail, SYMBOL_KIND[s.kind], toRange(s.range), toRange(s.selectionRange));
  d.children = s.children.map(toSymbol);
  return d;
}

function toWorkspaceEdit(edits: TextEdit[]): vscode.WorkspaceEdit {
  const w = new vscode.WorkspaceEdit();
  for (const e of edits) w.replace(vscode.Uri.file(e.file), toRange(e.range), e.newText, { label: 'Rename in the stack', needsConfirmation: false });
  return w;
}

/** Most YAML files looked at for workspace symbols. */
const MAX_FILES = 500;

/** Symbols of the workspace's stack files (open editors as edited, the rest from disk). */
export async function workspace(deps: ExtensionDeps, query: string, token: vscode.CancellationToken): Promise<vscode.SymbolInformation[]> {
  try {
    const uris = await vscode.workspace.findFiles('**/*.{yml,yaml}', '**/node_modules/**', MAX_FILES, token);
    const open = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.fsPath, d]));
    const files: SourceFile[] = [];
    for (const uri of uris) {
      if (token.isCancellationRequested) return [];
      const doc = open.get(uri.fsPath);
      if (doc) {
        if (isManifest(doc, readSettings(uri).patterns)) files.push(new SourceFile(uri.fsPath, doc.getText()));
        continue;
      }
      const r = readRegularFile(uri.fsPath);
      if ('text' in r && /^services[ \t]*:/m.test(r.text)) files.push(new SourceFile(uri.fsPath, r.text));
    }
    return workspaceSymbols(files, query).map(
      (s) => new vscode.SymbolInformation(s.name, SYMBOL_KIND[s.kind], s.container, new vscode.Location(vscode.Uri.file(s.file), toRange(s.range))),
    );
  } catch (e) {
    deps.log.error(`Workspace symbols failed: ${(e as Error).stack ?? String(e)}`);
    return [];
  }
}
