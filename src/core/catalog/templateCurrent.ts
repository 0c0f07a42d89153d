// Today's Mender stack (the mender-server layout) for swarm, with its traefik middlewares: see newMenderStack.
import type { NewStack } from './template';
import { credentialsEnv } from './templateEnv';

/** A service of today's layout: its short name on the stack's default network, with the mender-* alias older callers use. */
function cur(name: string, image: string, extra = '', aliases: string[] = [`mender-${name}`], labels = ''): string {
  const nets = `    networks:\n      default:\n        aliases: [${aliases.join(', ')}]\n`;
  const deploy = `    deploy:\n      restart_policy:\n        condition: on-failure\n${labels ? `      labels:\n${labels}` : ''}`;
  return `  ${name}:\n    image: ${image}\n${extra}${nets}${deploy}\n`;
}

/** Traefik swarm-provider labels: one service on `port`, and routers `name -> [rule, middleware]`. */
function routes(service: string, port: number, routers: [string, string, string][]): string {
  const l = [`        traefik.enable: "true"`, `        traefik.http.services.${service}.loadbalancer.server.port: "${port}"`];
  for (const [r, rule, mw] of routers) {
    l.push(`        traefik.http.routers.${r}.rule: ${rule}`);
    if (mw) l.push(`        traefik.http.routers.${r}.middlewares: ${mw}`);
    l.push(`        traefik.http.routers.${r}.service: ${service}`);
  }
  return l.join('\n') + '\n';
}

/** Today's layout (mendersoftware/mender-server), for swarm: short names, labels routing, middlewares as a config. */
export function stackCurrent(random: () => string, keygen: () => string): NewStack {
  const image = (name: string): string =>
    `\${MENDER_IMAGE_REGISTRY:-docker.io}/\${MENDER_IMAGE_REPOSITORY:-mendersoftware}/${name}:\${MENDER_IMAGE_TAG:-latest}`;
  const mongo = 'mongodb://mongo:27017';
  const nats = 'nats://nats:4222';
  const server = '    command: [server, --automigrate]\n';
  const dev = (p: string): string => `PathRegexp(\`/api/devices/v[0-9a-z]+/${p}\`)`;
  const mgmt = (p: string): string => `PathRegexp(\`/api/management/v[0-9a-z]+/${p}\`)`;
  const text = `# Mender server for Docker Swarm, in the layout of today's mendersoftware/mender-server:
# \`docker stack deploy -c docker-compose.yml mender\`. Written by "Mender Swarm: New Mender stack...".
# Services under short names with mender-* aliases; Traefik routes on their deploy labels (swarm provider),
# with its middlewares in traefik/mender.yml (a swarm config). The private keys are swarm secrets (keys/*.pem);
# the S3 credentials come from .env: export them before \`docker stack deploy\` (it does not read .env).

services:
${cur(
  'deployments',
  image('deployments'),
  `${server}    environment:
      DEPLOYMENTS_MONGO_URL: ${mongo}
      DEPLOYMENTS_INVENTORY_ADDR: http://inventory:8080
      DEPLOYMENTS_MENDER_WORKFLOWS: http://workflows:8080
      DEPLOYMENTS_AWS_URI: http://minio:9000
      DEPLOYMENTS_AWS_EXTERNAL_URI: https://s3.docker.mender.io
      DEPLOYMENTS_AWS_AUTH_KEY: \${MENDER_S3_ACCESS_KEY}
      DEPLOYMENTS_AWS_AUTH_SECRET: \${MENDER_S3_SECRET_KEY}
`,
  undefined,
  routes('deployments', 8080, [
    ['deploymentsDev', dev('deployments'), 'devStack@file'],
    ['deploymentsMgmt', mgmt('deployments'), 'mgmtStack@file'],
  ]),
)}\
${cur(
  'deviceauth',
  image('deviceauth'),
  `${server}    environment:
      DEVICEAUTH_MONGO: ${mongo}
      DEVICEAUTH_INVENTORY_ADDR: http://inventory:8080
      DEVICEAUTH_ORCHESTRATOR_ADDR: http://workflows:8080
    secrets:
      - source: deviceauth-private-key
        target: /etc/deviceauth/rsa/private.pem
`,
  ['mender-device-auth'],
  routes('deviceauth', 8080, [
    ['deviceauthDev', dev('authentication'), 'compression@file'],
    ['deviceauthMgmt', mgmt('devauth'), 'mgmtStack@file'],
  ]),
)}\
${cur(
  'useradm',
  image('useradm'),
  `${server}    environment:
      USERADM_MONGO: ${mongo}
    secrets:
      - source: useradm-private-key
        target: /etc/useradm/rsa/private.pem
`,
  undefined,
  routes('useradm', 8080, [
    ['useradm', mgmt('useradm'), 'mgmtStack@file'],
    ['userauth', mgmt('useradm/(auth|oauth2|oidc)'), 'compression@file,sec-headers@file'],
  ]),
)}\
${cur(
  'inventory',
  image('inventory'),
  `${server}    environment:
      INVENTORY_MONGO: ${mongo}
      INVENTORY_ORCHESTRATOR_ADDR: http://workflows:8080
      INVENTORY_NATS_URI: ${nats}
`,
  undefined,
  routes('inventory', 8080, [
    ['inventoryDev', dev('inventory'), 'devStack@file'],
    ['inventoryMgmt', mgmt('inventory'), 'mgmtStack@file'],
  ]),
)}\
${cur(
  'workflows',
  image('workflows'),
  `${server}    environment:
      WORKFLOWS_MONGO_URL: ${mongo}
      WORKFLOWS_NATS_URI: ${nats}
`,
  ['mender-workflows', 'mender-workflows-server'],
)}\
${cur(
  'workflows-worker',
  image('workflows'),
  `    command: [worker, --excluded-workflows, generate_artifact]
    environment:
      WORKFLOWS_MONGO_URL: ${mongo}
      WORKFLOWS_NATS_URI: ${nats}
      DEPLOYMENTS_ADDR: deployments:8080
      DEVICEAUTH_ADDR: deviceauth:8080
      DEVICECONNECT_ADDR: deviceconnect:8080
      DEVICECONFIG_ADDR: deviceconfig:8080
      INVENTORY_ADDR: inventory:8080
      IOT_MANAGER_ADDR: iot-manager:8080
      USERADM_ADDR: useradm:8080
      WORKFLOWS_SERVER_ADDR: workflows:8080
`,
)}\
${cur(
  'create-artifact-worker',
  image('create-artifact-worker'),
  `    environment:
      CREATE_ARTIFACT_DEPLOYMENTS_URL: http://deployments:8080
      WORKFLOWS_MONGO_URL: ${mongo}
      WORKFLOWS_NATS_URI: ${nats}
`,
)}\
${cur(
  'deviceconnect',
  image('deviceconnect'),
  `${server}    environment:
      DEVICECONNECT_MONGO_URL: ${mongo}
      DEVICECONNECT_NATS_URI: ${nats}
      DEVICECONNECT_INVENTORY_URI: http://inventory:8080
      DEVICECONNECT_WORKFLOWS_URL: http://workflows:8080
`,
  undefined,
  routes('deviceconnect', 8080, [
    ['deviceconnectDev', dev('deviceconnect'), 'devStack@file'],
    ['deviceconnectMgmt', mgmt('deviceconnect'), 'mgmtStack@file'],
  ]),
)}\
${cur(
  'deviceconfig',
  image('deviceconfig'),
  `${server}    environment:
      DEVICECONFIG_MONGO_URL: ${mongo}
      DEVICECONFIG_INVENTORY_URI: http://inventory:8080
      DEVICECONFIG_WORKFLOWS_URL: http://workflows:8080
`,
  undefined,
  routes('deviceconfig', 8080, [
    ['deviceconfigDev', dev('deviceconfig'), 'devStack@file'],
    ['deviceconfigMgmt', mgmt('deviceconfig'), 'mgmtStack@file'],
  ]),
)}\
${cur(
  'iot-manager',
  image('iot-manager'),
  `${server}    environment:
      IOT_MANAGER_MONGO_URL: ${mongo}
      IOT_MANAGER_NATS_URI: ${nats}
      IOT_MANAGER_WORKFLOWS_URL: http://workflows:8080
      IOT_MANAGER_DEVICEAUTH_URL: http://deviceauth:8080
`,
  undefined,
  routes('iot-manager', 8080, [['iot-managerMgmt', mgmt('iot-manager'), 'mgmtStack@file']]),
)}\
${cur('gui', image('gui'), '', undefined, routes('gui', 8090, [['gui', 'PathPrefix(`/`)', 'compression@file,sec-headers@file']]).replace('        traefik.http.routers.gui.service', '        traefik.http.routers.gui.priority: "1"\n        traefik.http.routers.gui.service'))}\
${cur(
  'traefik',
  'traefik:v3.3',
  `    command:
      - --entrypoints.web.address=:80
      - --entrypoints.web.http.redirections.entryPoint.to=websecure
      - --entrypoints.web.http.redirections.entryPoint.scheme=https
      - --entrypoints.websecure.address=:443
      - --entrypoints.websecure.http.tls=true
      - --entrypoints.websecure.asDefault=true
      - --providers.swarm=true
      - --providers.swarm.exposedByDefault=false
      - --providers.file.directory=/etc/traefik/config
    ports:
      - "443:443"
      - "80:80"
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock:ro
    configs:
      - source: traefik-middlewares
        target: /etc/traefik/config/mender.yml
`,
  ['mender-api-gateway', 'docker.mender.io', 's3.docker.mender.io'],
)}\
${cur(
  'mongo',
  'mongo:8.0',
  `    volumes:
      - mongo-data:/data/db
`,
)}\
${cur('nats', 'nats:2.11-alpine', '    command: [-js, -m, "8222"]\n')}\
${cur(
  'minio',
  'minio/minio:RELEASE.2024-06-13T22-53-53Z',
  `    command: server /export
    environment:
      MINIO_ROOT_USER: \${MENDER_S3_ACCESS_KEY}
      MINIO_ROOT_PASSWORD: \${MENDER_S3_SECRET_KEY}
    volumes:
      - artifacts:/export
`,
  ['mender-minio'],
  routes('minio', 9000, [['minio', 'Host(`s3.docker.mender.io`)', '']]),
)}\
volumes:
  mongo-data:
  artifacts:

secrets:
  deviceauth-private-key:
    file: ./keys/deviceauth-private.pem
  useradm-private-key:
    file: ./keys/useradm-private.pem

configs:
  traefik-middlewares:
    file: ./traefik/mender.yml
`;
  const env = credentialsEnv(random);
  return {
    main: 'docker-compose.yml',
    files: [
      { path: 'docker-compose.yml', text },
      { path: '.env', text: env, dotenv: true },
      { path: 'keys/deviceauth-private.pem', text: keygen(), secret: true },
      { path: 'keys/useradm-private.pem', text: keygen(), secret: true },
      { path: 'traefik/mender.yml', text: TRAEFIK_MIDDLEWARES },
    ],
  };
}

/** The gateway's middlewares (traefik file provider), which the services' routers name as <name>@file. */
const TRAEFIK_MIDDLEWARES = `# Middlewares of the Mender API gateway (traefik file provider). The routers are on the services' labels and
# name these as <name>@file. Add TLS certificates for production.
http:
  middlewares:
    sec-headers:
      headers:
        stsSeconds: 31536000
        forceSTSHeader: true
        contentTypeNosniff: true
    compression:
      compress: true
    devauth:
      forwardAuth:
        address: http://deviceauth:8080/api/internal/v1/devauth/tokens/verify
        authResponseHeaders: X-MEN-RequestID
    userauth:
      forwardAuth:
        address: http://useradm:8080/api/internal/v1/useradm/auth/verify
        authResponseHeaders: X-MEN-RequestID
    mgmtStack:
      chain:
        middlewares: [userauth, sec-headers, compression]
    devStack:
      chain:
        middlewares: [devauth, compression]
`;
