import * as vscode from 'vscode';
import { loadBundle } from '../bundles';
import type { ExtensionDeps } from '../deps';

type Providers = typeof import('./providers');

const SELECTOR: vscode.DocumentSelector = [
  { language: 'yaml', scheme: 'file' },
  { language: 'dockercompose', scheme: 'file' },
];

/**
 * Registers completion, outline, workspace symbols, rename, references, highlights and document links of stack
 * files. Their code and the compose schema's text are a bundle of their own (dist/language.js, built from
 * providers.ts), required on the first request: activation and the main bundle do not pay for them.
 */
export function registerLanguageFeatures(context: vscode.ExtensionContext, deps: ExtensionDeps): void {
  let mod: Providers | undefined;
  const load = (): Providers => (mod ??= loadBundle('language'));
  const l = vscode.languages;
  context.subscriptions.push(
    l.registerCompletionItemProvider(SELECTOR, { provideCompletionItems: (d, p) => load().completion(deps, d, p) }, ' ', ':', '/', '='),
    l.registerDocumentSymbolProvider(SELECTOR, { provideDocumentSymbols: (d) => load().symbols(deps, d) }, { label: 'Mender Swarm' }),
    l.registerWorkspaceSymbolProvider({ provideWorkspaceSymbols: (q, t) => load().workspace(deps, q, t) }),
    l.registerRenameProvider(SELECTOR, { prepareRename: (d, p) => load().prepare(deps, d, p), provideRenameEdits: (d, p, n) => load().rename(deps, d, p, n) }),
    l.registerReferenceProvider(SELECTOR, { provideReferences: (d, p, c) => load().references(deps, d, p, c) }),
    l.registerDocumentHighlightProvider(SELECTOR, { provideDocumentHighlights: (d, p) => load().highlights(deps, d, p) }),
    l.registerDocumentLinkProvider(SELECTOR, { provideDocumentLinks: (d) => load().links(deps, d) }),
  );
}
