import * as vscode from 'vscode';
import { loadProject, Project } from '../../core/manifest/project';
import { isManifest } from '../manifests/detect';
import { readSettings } from '../manifests/settings';
import { editorReader, stackFilesOf } from '../manifests/stacks';

/**
 * The stack a document belongs to, found and read as the manifests validator does (manifests/stacks.ts:
 * stackFiles, else compose's conventions; only edited buffers over the disk). Cached per document version,
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
  // The validator's reader and files (manifests/stacks.ts): hover and definition see the stack it lints.
  const reader = editorReader();
  const files = stackFilesOf(doc.uri.fsPath, reader);
  const project = loadProject({ files, reader, env: process.env, stackName: settings.stackName, menderEra: settings.menderEra });
  last = { key, project };
  return project;
}
