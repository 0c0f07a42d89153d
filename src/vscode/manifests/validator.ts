import * as path from 'path';
import * as vscode from 'vscode';
import type { Diagnostic } from '../../core/diagnostic';
import { lintStack } from '../../core/lint';
import { lintEach } from '../../core/lintEach';
import type { FileReader } from '../../core/manifest/files';
import { toVsDiagnostic } from './convert';
import { isManifest } from './detect';
import { readSettings } from './settings';
import { editorReader, openDocuments, stackFilesOf } from './stacks';

/** A published diagnostic and the core diagnostic it came from (which carries the fixes). */
export interface Entry {
  core: Diagnostic;
  vs: vscode.Diagnostic;
}

interface StackState {
  files: string[];
  /** Every file the last lint read (stack files and files their services extend): an edit there relints. */
  deps: Set<string>;
  /** Versions of the open documents the last lint saw; a mismatch means its ranges may be stale. */
  versions: Map<string, number>;
  results: Map<string, Entry[]>;
}

/**
 * Lints whole stacks, not single files: a service defined in an override changes what is wrong in the base,
 * so every file of a stack gets the stack's diagnostics. A stack is live while one of its files that is a
 * manifest is open; its diagnostics go when the last one closes.
 */
export class ManifestValidator implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('mender-swarm');
  private readonly stacks = new Map<string, StackState>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private published = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [this.collection];

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly docsBase: vscode.Uri | undefined,
  ) {
    const ws = vscode.workspace;
    this.disposables.push(
      // Open and save lint at once: the user is looking. Typing waits for a pause.
      ws.onDidOpenTextDocument((d) => this.isFile(d.uri) && this.refresh(new Set([d.uri.fsPath]))),
      ws.onDidSaveTextDocument((d) => this.isFile(d.uri) && this.now(d.uri.fsPath)),
      ws.onDidChangeTextDocument((e) => {
        if (this.isFile(e.document.uri) && e.contentChanges.length) this.later(e.document.uri.fsPath, readSettings(e.document.uri).debounceMs);
      }),
      ws.onDidCloseTextDocument((d) => this.isFile(d.uri) && this.now(d.uri.fsPath)),
      ws.onDidChangeConfiguration((e) => e.affectsConfiguration('menderSwarm') && this.refresh('all')),
    );
    // Files created, deleted or changed outside the editor (an override appearing, `.env` edited by a tool)
    // change stacks too.
    const watcher = ws.createFileSystemWatcher('**/{*.yml,*.yaml,.env}');
    const onDisk = (uri: vscode.Uri): void => this.later(uri.fsPath, readSettings(uri).debounceMs);
    this.disposables.push(watcher, watcher.onDidCreate(onDisk), watcher.onDidDelete(onDisk), watcher.onDidChange(onDisk));
    // The project configuration file (rules, stack files) may concern any stack below it.
    const config = ws.createFileSystemWatcher('**/mender-swarm.config.{json,yaml,yml}');
    const all = (): void => this.refresh('all');
    this.disposables.push(config, config.onDidCreate(all), config.onDidDelete(all), config.onDidChange(all));
    this.refresh('all');
  }

  /** Diagnostics of a file with their core origin, relinting first if an open file changed since (fixes need exact ranges). */
  entriesFor(uri: vscode.Uri): Entry[] {
    const file = uri.fsPath;
    const open = this.openDocuments();
    const stale = [...this.stacks].some(([, s]) => s.results.has(file) && [...s.deps].some((f) => open.has(f) && open.get(f)!.version !== s.versions.get(f)));
    if (stale) this.refresh(new Set([file]));
    return [...this.stacks.values()].flatMap((s) => s.results.get(file) ?? []);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const d of this.disposables) d.dispose();
  }

  private isFile(uri: vscode.Uri): boolean {
    return uri.scheme === 'file';
  }

  private now(file: string): void {
    clearTimeout(this.timers.get(file));
    this.timers.delete(file);
    this.refresh(new Set([file]));
  }

  private later(file: string, ms: number): void {
    clearTimeout(this.timers.get(file));
    this.timers.set(
      file,
      setTimeout(() => {
        this.timers.delete(file);
        this.refresh(new Set([file]));
      }, ms),
    );
  }

  private openDocuments(): Map<string, vscode.TextDocument> {
    return openDocuments();
  }

  /** Recomputes which stacks are live, relints those that are new or read one of `changed`, republishes. */
  private refresh(changed: Set<string> | 'all'): void {
    try {
      const open = this.openDocuments();
      const reader = editorReader(open);
      const live = new Map<string, string[]>();
      for (const doc of open.values()) {
        try {
          if (!isManifest(doc, readSettings(doc.uri).patterns)) continue;
          const files = this.stackOf(doc.uri, reader);
          live.set(files.join('\n'), files);
        } catch (e) {
          this.log.error(`Finding the stack of ${doc.uri.fsPath} failed: ${(e as Error).stack ?? String(e)}`);
        }
      }
      for (const key of [...this.stacks.keys()]) if (!live.has(key)) this.stacks.delete(key);
      const due = [...live].filter(([key]) => {
        const old = this.stacks.get(key);
        return !old || changed === 'all' || [...changed].some((f) => old.deps.has(f));
      });
      // Each stack on its own: one that fails must not stop the diagnostics of the others.
      const outcomes = lintEach(
        due.map(([, files]) => files),
        (files) => this.lint(files, reader, open),
      );
      due.forEach(([key], i) => {
        const o = outcomes[i];
        if (o.ok) {
          this.stacks.set(key, o.value);
          return;
        }
        this.log.error(`Validating the stack [${o.files.join(', ')}] failed: ${errorDetails(o.error)}`);
        this.stacks.set(key, this.failed(o.files, o.diagnostic));
      });
      this.publish();
    } catch (e) {
      // Never let a core bug break the editor's event loop; it is logged for a bug report instead.
      this.log.error(`Manifest validation failed: ${(e as Error).stack ?? String(e)}`);
    }
  }

  private stackOf(uri: vscode.Uri, reader: FileReader): string[] {
    return stackFilesOf(uri.fsPath, reader);
  }

  private lint(files: string[], reader: FileReader, open: Map<string, vscode.TextDocument>): StackState {
    const settings = readSettings(vscode.Uri.file(files[0]));
    const t0 = Date.now();
    const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
    const { project, diagnostics } = lintStack({
      files,
      reader,
      env: process.env,
      stackName: settings.stackName,
      rules: settings.rules,
      menderEra: settings.menderEra,
      targets: settings.targets,
      roots: folders.length ? folders : undefined,
    });
    const results = new Map<string, Entry[]>();
    for (const f of files) results.set(f, []); // files of the stack with no findings get cleared, not skipped
    for (const d of diagnostics) {
      const list = results.get(d.file) ?? [];
      list.push({ core: d, vs: toVsDiagnostic(d, this.docsBase) });
      results.set(d.file, list);
    }
    const deps = new Set([
      ...files,
      ...project.documents.map((d) => d.file.path),
      path.join(project.projectDir, '.env'),
      ...project.includes.flatMap((i) => [...i.envFiles, path.join(i.projectDir, '.env')]),
    ]);
    const versions = new Map([...deps].filter((f) => open.has(f)).map((f) => [f, open.get(f)!.version]));
    this.log.debug(
      `linted stack ${project.name} [${files.map((f) => path.basename(f)).join(', ')}]: ${diagnostics.length} finding(s) in ${Date.now() - t0} ms`,
    );
    return { files, deps, versions, results };
  }

  /** A stack whose validation threw: its one internal-error on its first file (the trace goes to the log, not the message). */
  private failed(files: string[], d: Diagnostic): StackState {
    const results = new Map<string, Entry[]>(files.map((f) => [f, []]));
    results.set(files[0], [{ core: d, vs: toVsDiagnostic(d, this.docsBase) }]);
    return { files, deps: new Set(files), versions: new Map(), results };
  }

  /** A file shared by several live stacks (a common base) shows the union of their findings, each once. */
  private publish(): void {
    const byFile = new Map<string, Map<string, vscode.Diagnostic>>();
    for (const s of this.stacks.values()) {
      for (const [file, entries] of s.results) {
        const m = byFile.get(file) ?? new Map<string, vscode.Diagnostic>();
        for (const { vs } of entries) {
          const r = vs.range;
          m.set(
            `${r.start.line}:${r.start.character}:${r.end.line}:${r.end.character}:${String(vs.code && typeof vs.code === 'object' ? vs.code.value : vs.code)}:${vs.message}`,
            vs,
          );
        }
        byFile.set(file, m);
      }
    }
    const now = new Set<string>();
    for (const [file, m] of byFile) {
      if (!m.size) continue;
      this.collection.set(vscode.Uri.file(file), [...m.values()]);
      now.add(file);
    }
    for (const file of this.published) if (!now.has(file)) this.collection.delete(vscode.Uri.file(file));
    this.published = now;
  }
}

/** An error with its stack trace for the log; a thrown value that cannot be printed does not throw again here. */
function errorDetails(e: unknown): string {
  try {
    return (e as Error | undefined)?.stack ?? String(e);
  } catch {
    return 'an unprintable value was thrown';
  }
}
