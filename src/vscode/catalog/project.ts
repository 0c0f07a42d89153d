import * as vscode from 'vscode';
import { loadProject, Project } from '../../core/manifest/project';
import { overlayReader } from '../../core/manifest/files';
import { stackFilesFor } from '../../core/manifest/stackFiles';
import { isManifest } from '../manifests/detect';
import { readSettings } from '../manifests/settings';

/**
 * The stack a document belongs to, found the way the manifests validator finds it (explicit stackFiles
 * setting, else compose's conventions), loaded over the open editors' text. Cached per document version,
 * since hover and definition ask repeatedly while the text does not change.
 */
let last: { key: string; project: Project } | undefined;

export function projectFor(doc: vscode.TextDocument): Project | undefined {
  if (doc.uri.scheme !== 'file') return undefined;
  const settings = readSettings(doc.uri);
  if (!isManifest(doc, settings.patterns)) return undefined;
  const open = vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'file');
  const key = open.map((d) => `${d.uri.fsPath}@${d.version}`).join('|') + `#${doc.uri.fsPath}`;
  if (last?.key === key) return last.project;
  const reader = overlayReader(new Map(open.map((d) => [d.uri.fsPath, d.getText()])));
  const file = doc.uri.fsPath;
  const files = [...settings.stackFiles.values()].find((f) => f.includes(file)) ?? stackFilesFor(file, reader, process.env).files;
  const project = loadProject({ files, reader, env: process.env, stackName: settings.stackName });
  last = { key, project };
  return project;
}
