// Which files form the stack a file belongs to, and the text they are read with: one answer for the validator,
// hover and definition (catalog/project.ts) and the deploy commands (deploy/target.ts).
import * as fs from 'fs';
import * as vscode from 'vscode';
import { FileReader, overlayReader } from '../../core/manifest/files';
import { stackFilesFor } from '../../core/manifest/stackFiles';
import { readSettings } from './settings';

/**
 * Open documents, minus those whose file was deleted on disk and that hold no edits: the extension host keeps
 * documents for minutes after their editor closed, and a deleted override must leave its stack at once.
 */
export function openDocuments(): Map<string, vscode.TextDocument> {
  return new Map(
    vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'file' && (d.isDirty || fs.existsSync(d.uri.fsPath))).map((d) => [d.uri.fsPath, d]),
  );
}

/** Only edited buffers overlay the disk: a clean document's text is the disk's, or older than it. */
export function editorReader(open: Map<string, vscode.TextDocument> = openDocuments()): FileReader {
  return overlayReader(new Map([...open].filter(([, d]) => d.isDirty).map(([f, d]) => [f, d.getText()])));
}

/** The stack's files in merge order: a `stackFiles` entry (settings or the project file) naming it, else compose's conventions. */
export function stackFilesOf(file: string, reader: FileReader = editorReader()): string[] {
  for (const files of readSettings(vscode.Uri.file(file)).stackFiles.values()) if (files.includes(file)) return files;
  return stackFilesFor(file, reader, process.env).files;
}
