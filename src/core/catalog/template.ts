import { generateKeyPairSync, randomBytes } from 'crypto';

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

export interface NewStack { main: string; files: GeneratedFile[] }

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

const DEPLOY = `    deploy:
      restart_policy:
        condition: on-failure
`;

function svc(name: string, image: string, extra = '', aliases: string[] = []): string {
  const nets = aliases.length
    ? `    networks:\n      mender:\n        aliases:\n${aliases.map((a) => `          - ${a}\n`).join('')}`
    : '    networks:\n      - mender\n';
  return `  ${name}:\n    image: ${image}\n${extra}${nets}${DEPLOY}\n`;
}

function stack2016(random: () => string): NewStack {
  const mongo = ['deployments', 'device-auth', 'device-adm', 'inventory', 'useradm'];
  const text = `# Mender 1.0 backend (the 2016 stack of the seed) for Docker Swarm: \`docker stack deploy -c docker-compose.yml mender\`.
# Written by "Mender Swarm: New Mender stack...". Keys come from .env: export them before \`docker stack deploy\`
# (it does not read .env), or deploy with Mender Swarm, which does.
version: "3.8"

services:
${svc('minio', 'minio/minio:RELEASE.2016-10-07T01-16-39Z', `    command: server /export
    ports:
      - "9000:9000"
    environment:
      MINIO_ACCESS_KEY: \${MENDER_S3_ACCESS_KEY}
      MINIO_SECRET_KEY: \${MENDER_S3_SECRET_KEY}
    volumes:
      - artifacts:/export
`, ['mender-artifact-storage.localhost', 'mender-artifact-storage.s3.docker.mender.io', 's3.docker.mender.io'])}\
${svc('mender-useradm', 'mendersoftware/useradm:latest')}\
${svc('mender-inventory', 'mendersoftware/inventory:latest')}\
${svc('mender-device-auth', 'mendersoftware/deviceauth:latest', `    environment:
      DEVICEAUTH_DEVADM_ADDR: http://mender-device-adm:8080/
      DEVICEAUTH_INVENTORY_ADDR: http://mender-inventory:8080/
`)}\
${svc('mender-device-adm', 'mendersoftware/deviceadm:latest', `    environment:
      DEVICEADM_DEVAUTHURL: http://mender-device-auth:8080
`)}\
${svc('mender-deployments', 'mendersoftware/deployments:latest', `    environment:
      AWS_ACCESS_KEY_ID: \${MENDER_S3_ACCESS_KEY}
      AWS_SECRET_ACCESS_KEY: \${MENDER_S3_SECRET_KEY}
      AWS_URI: http://s3.docker.mender.io:9000
`)}\
${svc('mender-gui', 'mendersoftware/gui:latest')}\
${svc('mender-api-gateway', 'mendersoftware/api-gateway:latest', `    ports:
      - "8080:443"
    environment:
      MAPPED_PORT: 8080
`, ['gateway', 'docker.mender.io'])}\
${mongo.map((m) => svc(`mender-mongo-${m}`, 'mongo:3.4', '', [`mongo-${m}`])).join('')}\
networks:
  mender:
    driver: overlay

volumes:
  artifacts:
`;
  const env = `# Credentials of the Mender stack (generated). MinIO and deployments both read them.
MENDER_S3_ACCESS_KEY=mender-${random().slice(0, 8).toLowerCase().replace(/[^a-z0-9]/g, 'x')}
MENDER_S3_SECRET_KEY=${random()}
`;
  return { main: 'docker-compose.yml', files: [{ path: 'docker-compose.yml', text }, { path: '.env', text: env, dotenv: true }] };
}

function stackCurrent(random: () => string, keygen: () => string): NewStack {
  const image = (name: string): string => `\${MENDER_SERVER_REGISTRY:-docker.io}/\${MENDER_SERVER_REPOSITORY:-mendersoftware}/${name}:\${MENDER_SERVER_TAG:-mender-3.7.9}`;
  const mongo = 'mongodb://mender-mongo:27017';
  const nats = 'nats://mender-nats:4222';
  const server = '    command: [server, --automigrate]\n';
  const text = `# Mender server (3.x/4.x) for Docker Swarm: \`docker stack deploy -c docker-compose.yml mender\`.
# Written by "Mender Swarm: New Mender stack...". The services' private keys are swarm secrets (keys/*.pem);
# the S3 credentials come from .env: export them before \`docker stack deploy\` (it does not read .env).

services:
${svc('mender-deployments', image('deployments'), `${server}    environment:
      DEPLOYMENTS_MONGO_URL: ${mongo}
      DEPLOYMENTS_AWS_URI: http://minio:9000
      DEPLOYMENTS_AWS_EXTERNAL_URI: https://s3.docker.mender.io
      DEPLOYMENTS_AWS_AUTH_KEY: \${MENDER_S3_ACCESS_KEY}
      DEPLOYMENTS_AWS_AUTH_SECRET: \${MENDER_S3_SECRET_KEY}
`)}\
${svc('mender-device-auth', image('deviceauth'), `${server}    environment:
      DEVICEAUTH_MONGO: ${mongo}
    secrets:
      - source: deviceauth-private-key
        target: /etc/deviceauth/rsa/private.pem
`)}\
${svc('mender-useradm', image('useradm'), `${server}    environment:
      USERADM_MONGO: ${mongo}
    secrets:
      - source: useradm-private-key
        target: /etc/useradm/rsa/private.pem
`)}\
${svc('mender-inventory', image('inventory'), `${server}    environment:
      INVENTORY_MONGO: ${mongo}
`)}\
${svc('mender-workflows-server', image('workflows'), `${server}    environment:
      WORKFLOWS_MONGO_URL: ${mongo}
      WORKFLOWS_NATS_URI: ${nats}
`)}\
${svc('mender-workflows-worker', image('workflows'), `    command: [worker, --excluded-workflows, generate_artifact]
    environment:
      WORKFLOWS_MONGO_URL: ${mongo}
      WORKFLOWS_NATS_URI: ${nats}
`)}\
${svc('mender-create-artifact-worker', image('create-artifact-worker'), `    environment:
      WORKFLOWS_MONGO_URL: ${mongo}
      WORKFLOWS_NATS_URI: ${nats}
`)}\
${svc('mender-deviceconnect', image('deviceconnect'), `${server}    environment:
      DEVICECONNECT_MONGO_URL: ${mongo}
      DEVICECONNECT_NATS_URI: ${nats}
`)}\
${svc('mender-deviceconfig', image('deviceconfig'), `${server}    environment:
      DEVICECONFIG_MONGO_URL: ${mongo}
`)}\
${svc('mender-iot-manager', image('iot-manager'), `${server}    environment:
      IOT_MANAGER_MONGO_URL: ${mongo}
`)}\
${svc('mender-gui', image('gui'))}\
${svc('mender-api-gateway', 'traefik:v3.1', `    command:
      - --providers.file.directory=/etc/traefik/config
      - --entrypoints.https.address=:443
    ports:
      - "443:443"
    configs:
      - source: traefik-routes
        target: /etc/traefik/config/mender.yml
`, ['docker.mender.io'])}\
${svc('mender-mongo', 'mongo:8.0', `    volumes:
      - mongo-data:/data/db
`, ['mongo-deployments', 'mongo-device-auth', 'mongo-inventory', 'mongo-useradm', 'mongo-workflows'])}\
${svc('mender-nats', 'nats:2.10-alpine', '    command: [-js, -m, "8222"]\n')}\
${svc('minio', 'minio/minio:RELEASE.2024-06-13T22-53-53Z', `    command: server /export
    environment:
      MINIO_ROOT_USER: \${MENDER_S3_ACCESS_KEY}
      MINIO_ROOT_PASSWORD: \${MENDER_S3_SECRET_KEY}
    volumes:
      - artifacts:/export
`, ['s3.docker.mender.io'])}\
networks:
  mender:
    driver: overlay

volumes:
  mongo-data:
  artifacts:

secrets:
  deviceauth-private-key:
    file: ./keys/deviceauth-private.pem
  useradm-private-key:
    file: ./keys/useradm-private.pem

configs:
  traefik-routes:
    file: ./traefik/mender.yml
`;
  const env = `# Credentials of the Mender stack (generated). MinIO and deployments both read them.
MENDER_S3_ACCESS_KEY=mender-${random().slice(0, 8).toLowerCase().replace(/[^a-z0-9]/g, 'x')}
MENDER_S3_SECRET_KEY=${random()}
`;
  return {
    main: 'docker-compose.yml',
    files: [
      { path: 'docker-compose.yml', text },
      { path: '.env', text: env, dotenv: true },
      { path: 'keys/deviceauth-private.pem', text: keygen(), secret: true },
      { path: 'keys/useradm-private.pem', text: keygen(), secret: true },
      { path: 'traefik/mender.yml', text: TRAEFIK_ROUTES },
    ],
  };
}

/** The gateway's routes (traefik file provider), to the names the catalog's current-era gateway expects. */
const TRAEFIK_ROUTES = `# Routes of the Mender API gateway (traefik file provider). Add TLS certificates for production.
http:
  routers:
    devauth: { rule: "PathPrefix(\`/api/devices/v1/authentication\`) || PathPrefix(\`/api/management/v2/devauth\`)", service: deviceauth }
    useradm: { rule: "PathPrefix(\`/api/management/v1/useradm\`)", service: useradm }
    deployments: { rule: "PathPrefix(\`/api/devices/v1/deployments\`) || PathPrefix(\`/api/management/v1/deployments\`)", service: deployments }
    inventory: { rule: "PathPrefix(\`/api/devices/v1/inventory\`) || PathPrefix(\`/api/management/v1/inventory\`) || PathPrefix(\`/api/management/v2/inventory\`)", service: inventory }
    deviceconnect: { rule: "PathPrefix(\`/api/devices/v1/deviceconnect\`) || PathPrefix(\`/api/management/v1/deviceconnect\`)", service: deviceconnect }
    deviceconfig: { rule: "PathPrefix(\`/api/devices/v1/deviceconfig\`) || PathPrefix(\`/api/management/v1/deviceconfig\`)", service: deviceconfig }
    iot-manager: { rule: "PathPrefix(\`/api/management/v1/iot-manager\`)", service: iot-manager }
    gui: { rule: "PathPrefix(\`/\`)", service: gui, priority: 1 }
  services:
    deviceauth: { loadBalancer: { servers: [{ url: "http://mender-device-auth:8080" }] } }
    useradm: { loadBalancer: { servers: [{ url: "http://mender-useradm:8080" }] } }
    deployments: { loadBalancer: { servers: [{ url: "http://mender-deployments:8080" }] } }
    inventory: { loadBalancer: { servers: [{ url: "http://mender-inventory:8080" }] } }
    deviceconnect: { loadBalancer: { servers: [{ url: "http://mender-deviceconnect:8080" }] } }
    deviceconfig: { loadBalancer: { servers: [{ url: "http://mender-deviceconfig:8080" }] } }
    iot-manager: { loadBalancer: { servers: [{ url: "http://mender-iot-manager:8080" }] } }
    gui: { loadBalancer: { servers: [{ url: "http://mender-gui:8090" }] } }
`;
