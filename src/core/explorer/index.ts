// The Swarm explorer's model: engine list responses in, typed rows out. No vscode, no dockerode.
export * from './engineTypes';
export * from './format';
export * from './logs';
export { MASK, maskEnvEntry, maskSecrets } from '../mask';
export * from './problems';
export * from './rows';
export * from './snapshot';
export * from './tasks';
export * from './usage';
export * from './tree';
