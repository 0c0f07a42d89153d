import * as vscode from 'vscode';
import { definitionAt, hoverAt } from '../../core/catalog/hover';
import type { ExtensionDeps } from '../deps';
import { toRange } from '../manifests/convert';
import { projectFor } from './project';

const SELECTOR: vscode.DocumentSelector = [
  { language: 'yaml', scheme: 'file' },
  { language: 'dockercompose', scheme: 'file' },
];

/** Hover on a host in an environment value (who answers it) or on a service key (what the Mender catalog knows). */
export function registerCatalogHover(context: vscode.ExtensionContext, deps: ExtensionDeps): void {
  context.subscriptions.push(
    vscode.languages.registerHoverProvider(SELECTOR, {
      provideHover(doc, pos) {
        try {
          const project = projectFor(doc);
          const h = project && hoverAt(project, doc.uri.fsPath, doc.offsetAt(pos));
          if (!h) return undefined;
          return new vscode.Hover(new vscode.MarkdownString(h.markdown), toRange(h.span.file.rangeOf(h.span)));
        } catch (e) {
          deps.log.error(`Catalog hover failed: ${(e as Error).stack ?? String(e)}`);
          return undefined;
        }
      },
    }),
  );
}

/** Go to definition from a host in an environment value to the service or alias that answers it. */
export function registerCatalogDefinition(context: vscode.ExtensionContext, deps: ExtensionDeps): void {
  context.subscriptions.push(
    vscode.languages.registerDefinitionProvider(SELECTOR, {
      provideDefinition(doc, pos) {
        try {
          const project = projectFor(doc);
          const span = project && definitionAt(project, doc.uri.fsPath, doc.offsetAt(pos));
          return span ? new vscode.Location(vscode.Uri.file(span.file.path), toRange(span.file.rangeOf(span))) : undefined;
        } catch (e) {
          deps.log.error(`Catalog definition failed: ${(e as Error).stack ?? String(e)}`);
          return undefined;
        }
      },
    }),
  );
}
