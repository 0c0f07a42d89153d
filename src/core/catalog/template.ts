import { generateKeyPairSync, randomBytes } from 'crypto';
import { stack2016 } from './template2016';
import { stackCurrent } from './templateCurrent';

export type NewStackEra = '2016' | 'current';

export interface GeneratedFile {
  /** Relative to the folder the stack is written to. */
  path: string;
  text: string;
  /** Secrets: written only when absent, with owner-only permissions. */
  secret?: boolean;
  /** `.env`: when it exists, only its missing variables are appended. */
  dotenv?: boolean;
}

export interface NewStack {
  main: string;
  files: GeneratedFile[];
}

export interface NewStackOptions {
  /** PKCS#1 PEM private key (Mender's services read "RSA PRIVATE KEY"); tests pass a stub, it is slow. */
  keygen?: () => string;
  /** Random credential text. */
  random?: () => string;
}

export function rsaPrivateKey(): string {
  return generateKeyPairSync('rsa', { modulusLength: 3072 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
}

const randomSecret = (): string => randomBytes(18).toString('base64url');

/**
 * A complete Mender stack for swarm, lint-clean: the 2016 set of the seed (as a v3 file `docker stack deploy`
 * accepts, with the aliases the services expect), or the current 3.x/4.x set with its keys as swarm secrets.
 * Credentials go to `.env` (never the stack file); both sides of a credential pair read the same variable.
 */
export function newMenderStack(era: NewStackEra, opts: NewStackOptions = {}): NewStack {
  const random = opts.random ?? randomSecret;
  return era === '2016' ? stack2016(random) : stackCurrent(random, opts.keygen ?? rsaPrivateKey);
}
