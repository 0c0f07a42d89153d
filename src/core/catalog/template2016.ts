// The 2016 stack of the seed (Mender 1.0's services), written as a v3 file for swarm: see newMenderStack.
import type { NewStack } from './template';
import { credentialsEnv } from './templateEnv';

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

export function stack2016(random: () => string): NewStack {
  const mongo = ['deployments', 'device-auth', 'device-adm', 'inventory', 'useradm'];
  const text = `# Mender 1.0 backend (the 2016 stack of the seed) for Docker Swarm: \`docker stack deploy -c docker-compose.yml mender\`.
# Written by "Mender Swarm: New Mender stack...". Keys come from .env: export them before \`docker stack deploy\`
# (it does not read .env), or deploy with Mender Swarm, which does.
version: "3.8"

services:
${svc(
  'minio',
  'minio/minio:RELEASE.2016-10-07T01-16-39Z',
  `    command: server /export
    ports:
      - "9000:9000"
    environment:
      MINIO_ACCESS_KEY: \${MENDER_S3_ACCESS_KEY}
      MINIO_SECRET_KEY: \${MENDER_S3_SECRET_KEY}
    volumes:
      - artifacts:/export
`,
  ['mender-artifact-storage.localhost', 'mender-artifact-storage.s3.docker.mender.io', 's3.docker.mender.io'],
)}\
${svc('mender-useradm', 'mendersoftware/useradm:latest')}\
${svc('mender-inventory', 'mendersoftware/inventory:latest')}\
${svc(
  'mender-device-auth',
  'mendersoftware/deviceauth:latest',
  `    environment:
      DEVICEAUTH_DEVADM_ADDR: http://mender-device-adm:8080/
      DEVICEAUTH_INVENTORY_ADDR: http://mender-inventory:8080/
`,
)}\
${svc(
  'mender-device-adm',
  'mendersoftware/deviceadm:latest',
  `    environment:
      DEVICEADM_DEVAUTHURL: http://mender-device-auth:8080
`,
)}\
${svc(
  'mender-deployments',
  'mendersoftware/deployments:latest',
  `    environment:
      AWS_ACCESS_KEY_ID: \${MENDER_S3_ACCESS_KEY}
      AWS_SECRET_ACCESS_KEY: \${MENDER_S3_SECRET_KEY}
      AWS_URI: http://s3.docker.mender.io:9000
`,
)}\
${svc('mender-gui', 'mendersoftware/gui:latest')}\
${svc(
  'mender-api-gateway',
  'mendersoftware/api-gateway:latest',
  `    ports:
      - "8080:443"
    environment:
      MAPPED_PORT: 8080
`,
  ['gateway', 'docker.mender.io'],
)}\
${mongo.map((m) => svc(`mender-mongo-${m}`, 'mongo:3.4', '', [`mongo-${m}`])).join('')}\
networks:
  mender:
    driver: overlay

volumes:
  artifacts:
`;
  const env = credentialsEnv(random);
  return {
    main: 'docker-compose.yml',
    files: [
      { path: 'docker-compose.yml', text },
      { path: '.env', text: env, dotenv: true },
    ],
  };
}
