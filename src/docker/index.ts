// Public surface of the Docker access layer (the only code that imports dockerode lives in this folder).
export * from './client';
export * from './events';
export * from './logs';
export * from './transport';
export * from './connection';
export * from './demux';
export * from './errors';
export * from './types';
export * from './knownHosts';
export * from './stacks';
export * from './deploy';
export * from './doctor';
export * from './explorer';
export * from './swarmObjects';
export * from './shell';
export * from './nodes';
