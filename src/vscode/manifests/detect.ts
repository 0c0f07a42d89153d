import * as vscode from 'vscode';

const YAML_LANGUAGES = new Set(['yaml', 'dockercompose']);
/** compose's one required top-level key; a column-0 match keeps nested `services:` keys out. */
const COMPOSE_SNIFF = /^services[ \t]*:/m;

/**
 * Whether a document is a stack manifest: a YAML file on disk whose name matches one of the patterns, or whose
 * text has a top-level `services:` key (compose files named anything, e.g. `mender.yml`).
 */
export function isManifest(doc: vscode.TextDocument, patterns: readonly string[]): boolean {
  if (doc.uri.scheme !== 'file' || !YAML_LANGUAGES.has(doc.languageId)) return false;
  // languages.match evaluates a glob exactly as VS Code does for document selectors (brace sets, `**`).
  if (patterns.some((pattern) => vscode.languages.match({ pattern }, doc) > 0)) return true;
  return COMPOSE_SNIFF.test(doc.getText());
}
