// Command ids of the deploy feature and the option objects they accept. The options let tests and scripts run
// a command end to end without the prompts (`vscode.commands.executeCommand(id, { stackName, yes: true })`);
// the interactive path leaves them out and is asked.

export const DEPLOY_COMMANDS = {
  deploy: 'menderSwarm.deploy.deployStack',
  redeploy: 'menderSwarm.deploy.redeployStack',
  plan: 'menderSwarm.deploy.planStack',
  export: 'menderSwarm.deploy.exportStack',
  scale: 'menderSwarm.deploy.scaleService',
  removeStack: 'menderSwarm.deploy.removeStack',
  removeService: 'menderSwarm.deploy.removeService',
  rollback: 'menderSwarm.deploy.rollbackService',
  forceUpdate: 'menderSwarm.deploy.forceUpdateService',
  doctor: 'menderSwarm.deploy.doctor',
} as const;

/** Set on the active editor when it shows a stack manifest: the editor-title deploy button keys on it. */
export const MANIFEST_CONTEXT_KEY = 'menderSwarm.deploy.manifestActive';

export const DEPLOY_SETTINGS = {
  imageMap: 'menderSwarm.deploy.imageMap',
  timeout: 'menderSwarm.deploy.timeoutSeconds',
} as const;

/** Which stack files: `files` (absolute, or relative to the first workspace folder) or the stack of `uri`; else the active editor's. */
export interface StackSelection {
  files?: string[];
  uri?: string;
}

export interface DeployCommandOptions extends StackSelection {
  stackName?: string;
  /** Skip the plan confirmation (lint errors still block unless `force`). */
  yes?: boolean;
  /** Deploy despite lint and conversion errors. */
  force?: boolean;
  prune?: boolean;
  /** FROM-glob -> TO, applied after (and taking precedence over) the `menderSwarm.deploy.imageMap` setting. */
  imageMap?: Record<string, string>;
  timeoutSeconds?: number;
}

export interface ExportCommandOptions extends StackSelection {
  stackName?: string;
  imageMap?: Record<string, string>;
  /** Where to write (skips the Save dialog). */
  output?: string;
}

export interface ServiceCommandOptions {
  /** Full service name (`<stack>_<name>`), short name with `stack`, or ID. */
  service?: string;
  stackName?: string;
  yes?: boolean;
  timeoutSeconds?: number;
}

export interface ScaleCommandOptions extends ServiceCommandOptions {
  replicas?: number;
}

export interface StackCommandOptions {
  stackName?: string;
  yes?: boolean;
  /** Doctor: open the report (default true); false only returns it. */
  show?: boolean;
}

/** What the deploy command resolves to (tests and scripts read it). */
export interface DeployOutcome {
  stack: string;
  status: 'converged' | 'not-converged' | 'refused' | 'cancelled' | 'failed';
  message: string;
  created?: string[];
  updated?: string[];
  unchanged?: string[];
  removed?: string[];
  /** Services that did not converge: what their latest failing task said, where, and its last log lines. */
  failing?: { service: string; state: string; error?: string; node?: string; exitCode?: number; logs?: string[] }[];
}
