import * as path from 'path';
import * as vscode from 'vscode';
import { SEVERITIES, Severity } from '../../core/diagnostic';
import { eraOverrideOf, findProjectConfig, type ProjectConfig } from '../../core/config/projectConfig';
import type { RuleSettings } from '../../core/lint';
import type { EraOverride } from '../../core/manifest/project';
import type { Target } from '../../core/config/targets';

/** The one settings prefix of the extension. */
export const SECTION = 'menderSwarm';

export const DEFAULT_PATTERNS = ['**/{docker-,}compose*.{yml,yaml}', '**/*stack*.{yml,yaml}', '**/*.compose.{yml,yaml}'];
export const DEFAULT_DEBOUNCE_MS = 250;

export interface ManifestSettings {
  patterns: string[];
  /** Explicit stacks: label -> files in merge order (absolute after resolving). */
  stackFiles: Map<string, string[]>;
  debounceMs: number;
  stackName: string | undefined;
  rules: RuleSettings;
  /** The configuration file's `menderEra` (the Mender era to assume), when it names a known one. */
  menderEra: EraOverride | undefined;
  /** The configuration file's `targets` (where the stack runs), when it says. */
  targets: Target[] | undefined;
}

const LEVELS = new Set<string>([...SEVERITIES, 'off']);

/** Settings as they apply to one file (resource scope: a multi-root workspace may differ per folder). */
export function readSettings(uri: vscode.Uri | undefined): ManifestSettings {
  const cfg = vscode.workspace.getConfiguration(SECTION, uri);
  const folder = uri ? vscode.workspace.getWorkspaceFolder(uri) : vscode.workspace.workspaceFolders?.[0];
  const base = folder?.uri.fsPath ?? (uri ? path.dirname(uri.fsPath) : process.cwd());
  const patterns = cfg.get<unknown>('manifest.patterns');
  const stackFiles = new Map<string, string[]>();
  const rawStacks = cfg.get<unknown>('manifest.stackFiles');
  if (isRecord(rawStacks)) {
    for (const [label, files] of Object.entries(rawStacks)) {
      if (Array.isArray(files) && files.every((f): f is string => typeof f === 'string') && files.length) {
        stackFiles.set(
          label,
          files.map((f) => path.resolve(base, f)),
        );
      }
    }
  }
  const rules: RuleSettings = {};
  const rawRules = cfg.get<unknown>('rules');
  if (isRecord(rawRules)) {
    // Unknown levels are dropped rather than passed on: the core trusts its settings.
    for (const [code, level] of Object.entries(rawRules)) if (typeof level === 'string' && LEVELS.has(level)) rules[code] = level as Severity | 'off';
  }
  const debounce = cfg.get<unknown>('lint.debounceMs');
  const stackName = cfg.get<unknown>('stackName');
  // The project configuration file (the CLI reads it too) wins where both speak.
  const file = projectConfigOf(uri, base);
  for (const [label, files] of file?.stackFiles ?? []) stackFiles.set(label, files);
  return {
    patterns: Array.isArray(patterns) ? patterns.filter((p): p is string => typeof p === 'string') : DEFAULT_PATTERNS,
    stackFiles,
    debounceMs: typeof debounce === 'number' && debounce >= 0 ? debounce : DEFAULT_DEBOUNCE_MS,
    stackName: file?.stackName ?? (typeof stackName === 'string' && stackName.trim() ? stackName.trim() : undefined),
    rules: { ...rules, ...file?.rules },
    menderEra: eraOverrideOf(file),
    targets: file?.targets,
  };
}

/** The configuration file for a file (the nearest at or above its folder), else for the workspace folder. */
export function projectConfigOf(uri: vscode.Uri | undefined, base: string): ProjectConfig | undefined {
  return findProjectConfig(uri?.scheme === 'file' ? path.dirname(uri.fsPath) : base);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
