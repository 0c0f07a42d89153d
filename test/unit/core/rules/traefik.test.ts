import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { test } from 'node:test';
import type { Diagnostic } from '../../../../src/core/diagnostic';
import { lintStack } from '../../../../src/core/lint';
import { lintTexts } from '../../catalog-helpers';
import { said } from '../../said';

const only = (ds: Diagnostic[], code: string): Diagnostic[] => ds.filter((d) => d.code === code);
/** The text a diagnostic's range covers (single line). */
function textAt(text: string, d: Diagnostic): string {
  const line = text.split('\n')[d.range.start.line];
  return line.slice(d.range.start.character, d.range.end.character);
}

/** Today's layout in small: services named without mender-, labels route, a traefik with docker and file providers. */
const stack = (over: { deploymentsLabels?: string; guiPort?: string } = {}): string => `services:
  deployments:
    image: \${MENDER_IMAGE_REGISTRY:-docker.io}/\${MENDER_IMAGE_REPOSITORY:-mendersoftware}/deployments:\${MENDER_IMAGE_TAG:-latest}
    environment:
      DEPLOYMENTS_AWS_URI: http://s3:8333
    labels:
${
  over.deploymentsLabels ??
  `      traefik.enable: "true"
      traefik.http.services.deployments.loadBalancer.server.port: "8080"
      traefik.http.routers.deploymentsMgmt.middlewares: "mgmtStack@file"
      traefik.http.routers.deploymentsMgmt.service: deployments
`
}  gui:
    image: \${MENDER_IMAGE_REGISTRY:-docker.io}/\${MENDER_IMAGE_REPOSITORY:-mendersoftware}/gui:\${MENDER_IMAGE_TAG:-latest}
    labels:
      - traefik.enable=true
      - traefik.http.services.gui.loadBalancer.server.port=${over.guiPort ?? '8090'}
      - traefik.http.routers.gui.middlewares=compression@file,sec-headers@file
      - traefik.http.routers.gui.service=gui
  s3:
    image: chrislusf/seaweedfs:3.80
  traefik:
    image: docker.io/library/traefik:v3.3
    command:
      - --providers.file.directory=/etc/traefik/config
      - --providers.docker=true
    volumes:
      - ./config/traefik:/etc/traefik/config:ro
`;

const MIDDLEWARES = `http:
  middlewares:
    mgmtStack:
      chain: { middlewares: [sec-headers] }
    sec-headers:
      headers: { frameDeny: true }
    compression:
      compress: {}
`;

/** Lints `docker-compose.yml` of a temporary folder holding `files` (paths relative to it); the folder goes after. */
function lintTree(files: Record<string, string>): Diagnostic[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'traefik-'));
  try {
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
    return lintStack({ files: [path.join(dir, 'docker-compose.yml')], stackName: 'mender', envFile: false }).diagnostics;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function lintDir(compose: string, middlewares = MIDDLEWARES): { text: string; diagnostics: Diagnostic[] } {
  return { text: compose, diagnostics: lintTree({ 'config/traefik/middlewares.yml': middlewares, 'docker-compose.yml': compose }) };
}

test('traefik: routers, services, @file middlewares and ports that agree give nothing', () => {
  const { diagnostics } = lintDir(stack());
  assert.deepEqual(
    diagnostics.filter((d) => d.code.startsWith('traefik-')),
    [],
  );
});

test('traefik-router-service: a router naming a service no label defines, at the name', () => {
  const text = stack({
    deploymentsLabels: `      traefik.http.services.deployments.loadBalancer.server.port: "8080"
      traefik.http.routers.deploymentsMgmt.service: deployment
`,
  });
  const { diagnostics } = lintDir(text);
  const d = only(diagnostics, 'traefik-router-service');
  assert.equal(d.length, 1);
  assert.equal(d[0].severity, 'error');
  assert.equal(d[0].range.start.line, 7);
  assert.equal(textAt(text, d[0]), 'deployment');
  assert.match(said(d[0]), /Did you mean "deployments"/);
});

test('traefik-middleware: name@file that the mounted file provider does not define, at the item', () => {
  const text = stack();
  const { diagnostics } = lintDir(text, MIDDLEWARES.replace(/    sec-headers:\n.*\n/, ''));
  const d = only(diagnostics, 'traefik-middleware');
  assert.equal(d.length, 1);
  assert.equal(d[0].range.start.line, 15);
  assert.equal(textAt(text, d[0]), 'sec-headers@file');
  assert.match(said(d[0]), /middlewares\.yml\) does not define it/);
});

test('traefik-middleware: @file names are not judged when the file provider is not part of the stack', () => {
  const text = stack().replace('      - ./config/traefik:/etc/traefik/config:ro\n', '      - /srv/traefik:/etc/traefik/config:ro\n');
  const { diagnostics } = lintDir(text, '');
  assert.deepEqual(only(diagnostics, 'traefik-middleware'), []);
});

test('traefik-port: a load balancer port the component does not listen on, at the port', () => {
  const text = stack({ guiPort: '3000' });
  const { diagnostics } = lintDir(text);
  const d = only(diagnostics, 'traefik-port');
  assert.equal(d.length, 1);
  assert.equal(d[0].range.start.line, 14);
  assert.equal(textAt(text, d[0]), '3000');
  // Today's line (images written with MENDER_IMAGE_* as mender-server does): the UI on 8090, its error responder on 8080.
  assert.match(said(d[0]), /\(Mender web UI, current era\), which listens on 8090 or 8080/);
  assert.deepEqual(only(lintDir(stack({ guiPort: '8090' })).diagnostics, 'traefik-port'), []);
  // With the era left open (3.x or today), a port any candidate listens on (80 in 3.x) is no finding.
  const open = stack({ guiPort: '80' }).replace(/MENDER_IMAGE_/g, 'REG_');
  assert.deepEqual(only(lintDir(open).diagnostics, 'traefik-port'), []);
  assert.deepEqual(only(lintDir(stack({ guiPort: '8090' })).diagnostics, 'traefik-port'), []);
});

test('traefik: labels of a stack that is not Mender get no port finding', () => {
  const text =
    'services:\n  app:\n    image: mycorp/app:1\n    labels:\n      traefik.http.services.app.loadbalancer.server.port: "3000"\n      traefik.http.routers.app.service: app\n';
  assert.deepEqual(
    lintTexts({ 'docker-compose.yml': text }).diagnostics.filter((d) => d.code.startsWith('traefik-')),
    [],
  );
});

test('mender-mapped-port: MAPPED_PORT against the published port of the 2016 gateway', () => {
  const gw = (mapped: string): string => `version: '2'
services:
  mender-api-gateway:
    image: mendersoftware/api-gateway:1.0.0
    ports:
      - "8080:443"
    environment:
      MAPPED_PORT: ${mapped}
  mender-deviceadm:
    image: mendersoftware/deviceadm:1.0.0
`;
  const bad = gw('9443');
  const d = only(lintTexts({ 'docker-compose.yml': bad }).diagnostics, 'mender-mapped-port');
  assert.equal(d.length, 1);
  assert.equal(d[0].severity, 'warning');
  assert.equal(d[0].range.start.line, 7);
  assert.equal(textAt(bad, d[0]), '9443');
  assert.match(said(d[0]), /published on 8080 \(to 443\)/);
  assert.deepEqual(only(lintTexts({ 'docker-compose.yml': gw('8080') }).diagnostics, 'mender-mapped-port'), []);
});

test('the file provider: a router to an undefined service, a server nothing answers, a server on a wrong port, each at its place', () => {
  const routes = `http:
  routers:
    gui: { rule: "PathPrefix(\`/\`)", service: gui }
    deployments: { rule: "PathPrefix(\`/api\`)", service: deploymnets }
    labelled: { rule: "PathPrefix(\`/x\`)", service: deployments@docker }
  services:
    gui: { loadBalancer: { servers: [{ url: "http://mender-gui:8090" }] } }
    deployments: { loadBalancer: { servers: [{ url: "http://mender-deployments:8080" }] } }
    storage: { loadBalancer: { servers: [{ url: "http://mender-s3:9000" }] } }
    wrongport: { loadBalancer: { servers: [{ url: "http://gui:3000" }] } }
${MIDDLEWARES.slice('http:\n'.length)}`;
  const text = stack()
    .replace(
      '    labels:\n      - traefik.enable=true',
      '    networks:\n      default:\n        aliases: [mender-gui]\n    labels:\n      - traefik.enable=true',
    )
    .replace(
      '    environment:\n      DEPLOYMENTS_AWS_URI',
      '    networks:\n      default:\n        aliases: [mender-deployments]\n    environment:\n      DEPLOYMENTS_AWS_URI',
    );
  const { diagnostics } = lintDir(text, routes);
  const at = (code: string): string[] => only(diagnostics, code).map((d) => `${path.basename(d.file)}:${d.range.start.line}:${textAt(routes, d)}`);
  assert.deepEqual(at('traefik-router-service'), ['middlewares.yml:3:deploymnets']);
  assert.match(said(only(diagnostics, 'traefik-router-service')[0]), /Did you mean "deployments"/);
  assert.deepEqual(at('traefik-server-host'), ['middlewares.yml:8:mender-s3']);
  assert.equal(only(diagnostics, 'traefik-server-host')[0].severity, 'warning', 'no component of the stack is called mender-s3: it may come from an overlay');
  // Without its alias, mender-deployments names a component the stack runs (as "deployments"): an error.
  const bare = lintDir(text.replace('        aliases: [mender-deployments]\n', '        aliases: [deployments-v2]\n'), routes).diagnostics;
  assert.deepEqual(
    only(bare, 'traefik-server-host').map((d) => `${textAt(routes, d)}/${d.severity}`),
    ['mender-deployments/error', 'mender-s3/warning'],
  );
  assert.deepEqual(at('traefik-port'), ['middlewares.yml:9::3000']);
  assert.deepEqual(only(diagnostics, 'mender-gateway-upstream'), [], "the real routes are read: the catalog's assumed ones stand aside");
});

test("the file provider of 3.x: a directory filled file by file, routers naming their services without @file, the UI's error pages on 8080", () => {
  // Mender's 3.x files mount each dynamic-configuration file into the provider's directory (overlays add theirs);
  // a service name without a provider is the router's own provider's.
  const routes = `http:
  routers:
    ui: { rule: "PathPrefix(\`/\`)", service: ui, middlewares: [errors] }
    api: { rule: "PathPrefix(\`/api\`)", service: deploymnets }
  services:
    ui: { loadBalancer: { servers: [{ url: "http://mender-gui" }] } }
    error-pages: { loadBalancer: { servers: [{ url: "http://mender-gui:8080" }] } }
    deployments: { loadBalancer: { servers: [{ url: "http://mender-deployments:8080" }] } }
    reports: { loadBalancer: { servers: [{ url: "http://mender-reporting:8080" }] } }
`;
  const errors = 'http:\n  middlewares:\n    errors: { errors: { service: error-pages, query: "/{status}.json" } }\n';
  const compose = `services:
  mender-api-gateway:
    image: traefik:v2.10
    command: [--providers.file.directory=/etc/traefik/config]
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock:ro
      - ./cfg/routes.yaml:/etc/traefik/config/routes.yaml:ro
      - ./cfg/errors.yaml:/etc/traefik/config/errors.yaml:ro
  mender-gui:
    image: mendersoftware/gui:mender-3.6.0
  mender-deployments:
    image: mendersoftware/deployments:mender-3.6.0
    environment: { DEPLOYMENTS_MENDER_WORKFLOWS: http://mender-deployments:8080, DEPLOYMENTS_AWS_URI: https://s3.amazonaws.com }
`;
  const ds = lintTree({ 'cfg/routes.yaml': routes, 'cfg/errors.yaml': errors, 'docker-compose.yml': compose });
  const traefik = ds.filter((d) => d.code.startsWith('traefik-')).map((d) => `${d.code}/${d.severity}:${path.basename(d.file)}:${d.range.start.line}`);
  // The misspelt service is found in the mounted file (so the files are read); the rest is right, but the
  // reporting overlay's host, which this stack does not run.
  assert.deepEqual(traefik.sort(), ['traefik-router-service/error:routes.yaml:3', 'traefik-server-host/warning:routes.yaml:8']);
});

test('the file provider: a directory that also gets a file this linter cannot read (an inline config) is not judged', () => {
  const routes = 'http:\n  routers:\n    api: { rule: "PathPrefix(`/api`)", service: backend }\n';
  const compose = `services:
  mender-api-gateway:
    image: traefik:v3.3
    command: [--providers.file.directory=/etc/traefik/config]
    volumes:
      - ./routes.yaml:/etc/traefik/config/routes.yaml:ro
    configs:
      - source: backends
        target: /etc/traefik/config/backends.yaml
  mender-deployments:
    image: mendersoftware/deployments:mender-3.6.0
configs:
  backends:
    content: |
      http:
        services:
          backend: { loadBalancer: { servers: [{ url: "http://mender-deployments:8080" }] } }
`;
  const ds = lintTree({ 'routes.yaml': routes, 'docker-compose.yml': compose });
  assert.deepEqual(only(ds, 'traefik-router-service'), [], 'the service may be defined in the inline config');
});

test('the file provider: a TOML file (traefik reads it, this linter does not) leaves @file names unjudged', () => {
  const tls = '[http.middlewares.secure.headers]\n  frameDeny = true\n';
  const compose = `services:
  mender-api-gateway:
    image: traefik:v2.2
    command: [--providers.docker=true, --providers.file.filename=/config/tls.toml]
    volumes:
      - ./tls.toml:/config/tls.toml
  mender-deployments:
    image: mendersoftware/deployments:mender-3.0.0
    labels:
      - traefik.http.routers.deployments.middlewares=secure@file
      - traefik.http.routers.deployments.service=deployments
      - traefik.http.services.deployments.loadbalancer.server.port=8080
`;
  const ds = lintTree({ 'tls.toml': tls, 'docker-compose.yml': compose });
  assert.deepEqual(only(ds, 'traefik-middleware'), []);
});

test("the file provider's forwardAuth addresses: a host nothing answers (traefik answers 500), a wrong port, each at its place", () => {
  const auth = `${MIDDLEWARES}    devauth:
      forwardAuth:
        address: "http://device-auth:8080/api/internal/v1/devauth/tokens/verify"
    userauth:
      forwardAuth: { address: "http://deployments:9090/verify" }
    fine:
      forwardAuth: { address: "http://deployments:8080/verify" }
`;
  const { diagnostics } = lintDir(stack(), auth);
  const hosts = only(diagnostics, 'traefik-server-host');
  assert.deepEqual(
    hosts.map((d) => `${d.range.start.line}:${textAt(auth, d)}/${d.severity}`),
    ['10:device-auth/warning'],
    'the stack runs no deviceauth: it may come from an overlay',
  );
  assert.match(hosts[0].message, /asks "device-auth" to authorize requests/);
  assert.match(said(hosts[0]), /Middleware "devauth" .* 500 Internal Server Error/);
  const ports = only(diagnostics, 'traefik-port');
  assert.deepEqual(
    ports.map((d) => textAt(auth, d)),
    [':9090'],
  );
  assert.match(said(ports[0]), /Middleware "userauth" .* port 9090 of "deployments"/);
});

test("a stack whose traefik runs in another stack: label middlewares and services are that stack's to define (traefik's docker provider namespace), nothing is judged", () => {
  // dockerswarm.rocks' layout: a shared traefik stack defines https-redirect on its own labels; app stacks use it.
  const app = `services:
  web:
    image: thelounge/thelounge:4
    networks: [traefik-public]
    deploy:
      labels:
        - traefik.enable=true
        - traefik.http.routers.web-http.rule=Host(\`chat.example.com\`)
        - traefik.http.routers.web-http.middlewares=https-redirect
        - traefik.http.routers.web-http.service=web
networks:
  traefik-public:
    external: true
`;
  const { diagnostics } = lintTexts({ 'docker-compose.yml': app });
  assert.deepEqual(
    diagnostics.filter((d) => d.code.startsWith('traefik-')).map((d) => d.code),
    [],
  );
  // With its traefik in the stack, an undefined middleware is still an error.
  const withGateway = app.replace('services:\n', 'services:\n  traefik:\n    image: traefik:v2.11\n    networks: [traefik-public]\n');
  assert.equal(only(lintTexts({ 'docker-compose.yml': withGateway }).diagnostics, 'traefik-middleware').length, 1);
});
