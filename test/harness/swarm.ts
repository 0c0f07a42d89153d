// A real Docker swarm for the Docker tests: our own dockerd(s) under a short base dir, no registry, images made
// by importing a busybox rootfs. Follows /work/shared/reference/swarm (Debian docker.io 20.10, no IPVS).
//
// Layout under the base dir (default /tmp/msw; unix socket paths must stay < 108 chars, containerd nests deep):
//   m/            manager dockerd (host network namespace, advertises 127.0.0.1 or 10.200.0.1 when multi)
//   w/            worker dockerd (network namespace msw-w1, veth 10.200.0.2, hostname worker1), multi only
//   rootfs.tar    the busybox rootfs imported as local/busybox:1 on every node
//   state.json    what is running, so `up` can reuse it and `down` can find it after a crash
import { execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { engineJson, engineRequest, ping } from './engine-http';

const execFileP = promisify(execFile);

export const DEFAULT_BASE_DIR = process.env.MENDER_SWARM_HARNESS_DIR ?? '/tmp/msw';
export const BASE_IMAGE = 'local/busybox:1';
/** Overlay network created at `up` (attachable), handy for tests that need one without creating it. */
export const TEST_NETWORK = 'cluster-test';
export const WORKER_HOSTNAME = 'worker1';

// Names differ from the reference script's (swn2/swveth*) so a run of that script cannot be torn down by ours.
const NETNS = 'msw-w1';
const VETH_MANAGER = 'mswv0';
const VETH_WORKER = 'mswv1';
const MANAGER_ADDR = '10.200.0.1';
const WORKER_ADDR = '10.200.0.2';

export interface SwarmHandle {
  /** `unix://...` of the manager's engine. */
  dockerHost: string;
  /** `unix://...` of the worker's engine (multi only); swarm endpoints there answer 503. */
  workerDockerHost?: string;
  multi: boolean;
  baseDir: string;
  /** The busybox image present on every node. */
  image: string;
  /** True when `startSwarm` found a healthy harness swarm of the requested kind and reused it. */
  reused: boolean;
  /** Make `tag` (e.g. `mongo:latest`) a local alias of the busybox image on every node. */
  importImage(tag: string): Promise<void>;
  /** Simulate node loss: SIGKILL the worker's dockerd (the manager shows it Down after about 10 s). Multi only. */
  killWorker(): Promise<void>;
  /** Start the worker's dockerd again (same data, it rejoins by itself) and wait until the node is ready. */
  restartWorker(): Promise<void>;
  /**
   * Simulate an engine crash on the manager: SIGKILL the manager's dockerd (by its pidfile, only if it is ours)
   * and keep its command line for restartManager. Holds the harness lock until restartManager, so a concurrent
   * `startSwarm` waits instead of tearing the (briefly unhealthy) swarm down and rebuilding it.
   */
  killManager(): Promise<void>;
  /**
   * Start the manager's dockerd again with the killed daemon's command line (same data, the swarm comes back
   * from its raft state) and wait until the API answers, the swarm is active with a leader, and every node is
   * Ready and Active. Idempotent: with the manager already running it only waits for health.
   */
  restartManager(opts?: { timeoutMs?: number }): Promise<void>;
  /** Tear the whole harness swarm down (also when it was reused). */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Two nodes (manager + worker1). Undefined: reuse whatever harness swarm runs, else start a single node. */
  multi?: boolean;
  baseDir?: string;
  log?: (message: string) => void;
}

interface State {
  multi: boolean;
  managerSocket: string;
  workerSocket?: string;
  image: string;
  startedAt: string;
}

interface DockerNode {
  ID: string;
  Version?: { Index?: number };
  Description?: { Hostname?: string };
  Status?: { State?: string };
  Spec?: { Role?: string; Availability?: string; Labels?: Record<string, string>; Name?: string };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function stderrLog(message: string): void {
  process.stderr.write(`[swarm-harness] ${message}\n`);
}

async function run(cmd: string, args: string[], opts: { allowFail?: boolean; timeoutMs?: number } = {}): Promise<string> {
  try {
    const { stdout } = await execFileP(cmd, args, { timeout: opts.timeoutMs ?? 60_000, maxBuffer: 16 << 20 });
    return stdout;
  } catch (err) {
    if (opts.allowFail) return '';
    const e = err as { stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed: ${(e.stderr ?? '').trim() || e.message}`);
  }
}

function paths(baseDir: string) {
  return {
    state: path.join(baseDir, 'state.json'),
    rootfs: path.join(baseDir, 'rootfs'),
    rootfsTar: path.join(baseDir, 'rootfs.tar'),
    daemonJson: path.join(baseDir, 'daemon.json'),
    wrapper: path.join(baseDir, 'ns-wrap.sh'),
    cgroupMounts: path.join(baseDir, 'cgroup.mounts'),
    forwardPolicy: path.join(baseDir, 'host-forward-policy'),
    manager: path.join(baseDir, 'm'),
    worker: path.join(baseDir, 'w'),
    lock: `${baseDir}.lock`,
  };
}

const socketOf = (nodeDir: string): string => path.join(nodeDir, 'docker.sock');

// ---------------------------------------------------------------------------------------------- processes

function cmdlineOf(pid: number): string[] | undefined {
  try {
    return fs
      .readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      .split('\0')
      .filter((s) => s !== '');
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A pid from a pidfile is only ours if its command line still mentions our base dir (pids get reused). */
function isOurs(pid: number, baseDir: string): boolean {
  const cmd = cmdlineOf(pid);
  return cmd !== undefined && cmd.some((a) => a.includes(`${baseDir}/`));
}

function readPid(file: string): number | undefined {
  try {
    const n = Number.parseInt(fs.readFileSync(file, 'utf8').trim(), 10);
    return Number.isFinite(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

/** Processes started by this harness (containerd, shims...) that outlived their dockerd, found by our base dir. */
function strayProcesses(baseDir: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    if (isOurs(pid, baseDir)) pids.push(pid);
  }
  return pids;
}

/** A dockerd that is not ours (e.g. the system's) owns docker0, docker_gwbridge and the DOCKER iptables chains. */
function foreignDockerdRunning(baseDir: string): boolean {
  for (const entry of fs.readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const cmd = cmdlineOf(pid);
    if (cmd && cmd.length > 0 && path.basename(cmd[0]) === 'dockerd' && !cmd.some((a) => a.includes(`${baseDir}/`))) {
      return true;
    }
  }
  return false;
}

async function terminate(pids: number[], graceMs: number): Promise<void> {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
  const deadline = Date.now() + graceMs;
  while (pids.some(alive) && Date.now() < deadline) await sleep(50);
  for (const pid of pids.filter(alive)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* raced with exit */
    }
  }
  const killDeadline = Date.now() + 5000;
  while (pids.some(alive) && Date.now() < killDeadline) await sleep(50);
}

// ---------------------------------------------------------------------------------------------- lock

/** Serialises up/down between processes (a test runner and a developer's shell may both call `up`). */
async function withLock<T>(baseDir: string, fn: () => Promise<T>): Promise<T> {
  const lock = paths(baseDir).lock;
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = readPid(path.join(lock, 'pid'));
      let stale = owner !== undefined && !alive(owner);
      if (owner === undefined) {
        // The owner may be between mkdir and writing its pid; only a lock without pid for a while is stale.
        try {
          stale = Date.now() - fs.statSync(lock).mtimeMs > 5000;
        } catch {
          stale = false;
        }
      }
      if (stale) {
        fs.rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`swarm harness lock ${lock} held by pid ${owner}`);
      await sleep(200);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------- packages

async function onPath(bin: string): Promise<boolean> {
  for (const dir of (process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin').split(':')) {
    try {
      fs.accessSync(path.join(dir, bin), fs.constants.X_OK);
      return true;
    } catch {
      /* next */
    }
  }
  return false;
}

async function dpkgInstalled(pkg: string): Promise<boolean> {
  const out = await run('dpkg-query', ['-W', '-f=${Status}', pkg], { allowFail: true });
  return out.includes('install ok installed');
}

/** Busybox must be the static build: the imported rootfs has no libc. */
function busyboxPath(): string {
  return fs.existsSync('/bin/busybox') ? '/bin/busybox' : '/usr/bin/busybox';
}

async function ensurePackages(log: (m: string) => void): Promise<void> {
  const missing: string[] = [];
  // Any Docker engine install will do (docker-ce on CI images provides the same binaries).
  if (!((await onPath('dockerd')) && (await onPath('containerd')) && (await onPath('runc')))) missing.push('docker.io');
  if (!(await dpkgInstalled('busybox-static'))) missing.push('busybox-static');
  if (!(await onPath('ip'))) missing.push('iproute2');
  if (!(await onPath('iptables'))) missing.push('iptables');
  if (missing.length === 0) return;
  log(`installing ${missing.join(' ')}`);
  // On machines with an init system the docker.io postinst would start the system dockerd, which would then
  // fight ours for docker0 and the iptables chains: policy-rc.d 101 forbids starting services for this install.
  const policy = '/usr/sbin/policy-rc.d';
  const ownPolicy = !fs.existsSync(policy);
  if (ownPolicy) fs.writeFileSync(policy, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
  try {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const lock = ['-o', 'DPkg::Lock::Timeout=600'];
    await execFileP('apt-get', [...lock, 'update', '-q'], { env, timeout: 900_000, maxBuffer: 64 << 20 });
    await execFileP('apt-get', [...lock, 'install', '-y', '-q', '--no-install-recommends', ...missing], {
      env,
      timeout: 900_000,
      maxBuffer: 64 << 20,
    });
  } finally {
    if (ownPolicy) fs.rmSync(policy, { force: true });
  }
}

// ---------------------------------------------------------------------------------------------- image

async function buildRootfsTar(baseDir: string): Promise<void> {
  const p = paths(baseDir);
  if (fs.existsSync(p.rootfsTar)) return;
  fs.rmSync(p.rootfs, { recursive: true, force: true });
  for (const d of ['bin', 'etc', 'tmp', 'proc', 'sys', 'dev', 'var/www', 'root']) {
    fs.mkdirSync(path.join(p.rootfs, d), { recursive: true });
  }
  const bb = path.join(p.rootfs, 'bin', 'busybox');
  fs.copyFileSync(busyboxPath(), bb);
  fs.chmodSync(bb, 0o755);
  const applets = (await run(bb, ['--list'])).split('\n').filter((a) => a !== '' && a !== 'busybox');
  for (const a of applets) fs.symlinkSync('busybox', path.join(p.rootfs, 'bin', a));
  fs.writeFileSync(path.join(p.rootfs, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\n');
  fs.writeFileSync(path.join(p.rootfs, 'etc', 'group'), 'root:x:0:\n');
  fs.writeFileSync(path.join(p.rootfs, 'var', 'www', 'index.html'), 'hello\n');
  fs.chmodSync(path.join(p.rootfs, 'tmp'), 0o1777);
  await run('tar', ['-C', p.rootfs, '-cf', `${p.rootfsTar}.tmp`, '.']);
  fs.renameSync(`${p.rootfsTar}.tmp`, p.rootfsTar);
}

function splitReference(ref: string): { repo: string; tag: string } {
  if (ref.includes('@')) throw new Error(`cannot make a digest reference locally: ${ref}`);
  const colon = ref.lastIndexOf(':');
  if (colon > ref.lastIndexOf('/')) return { repo: ref.slice(0, colon), tag: ref.slice(colon + 1) };
  return { repo: ref, tag: 'latest' };
}

async function importRootfs(socket: string, baseDir: string, ref: string): Promise<void> {
  const { repo, tag } = splitReference(ref);
  const q = new URLSearchParams({ fromSrc: '-', repo, tag });
  q.append('changes', 'ENV PATH=/bin');
  q.append('changes', 'CMD ["sh"]');
  const res = await engineRequest(socket, {
    method: 'POST',
    path: `/images/create?${q.toString()}`,
    stream: fs.createReadStream(paths(baseDir).rootfsTar),
    timeoutMs: 60_000,
  });
  // The import answers 200 with a JSON progress stream; failures show up as errorDetail inside it.
  if (res.status !== 200 || res.body.includes('"errorDetail"')) {
    throw new Error(`image import on ${socket} failed (${res.status}): ${res.body.trim()}`);
  }
}

/** Tagging the already-imported image is much cheaper than another import and gives the same local image. */
async function tagImage(socket: string, ref: string): Promise<void> {
  const { repo, tag } = splitReference(ref);
  const q = new URLSearchParams({ repo, tag });
  await engineJson<unknown>(socket, {
    method: 'POST',
    path: `/images/${encodeURIComponent(BASE_IMAGE)}/tag?${q.toString()}`,
  });
}

// ---------------------------------------------------------------------------------------------- dockerd

/** `argv`: a whole command line to run instead of the default one (restartManager reuses the killed daemon's). */
async function startDockerd(baseDir: string, nodeDir: string, wrapper: string[], argv?: string[]): Promise<void> {
  fs.mkdirSync(nodeDir, { recursive: true });
  const socket = socketOf(nodeDir);
  fs.rmSync(socket, { force: true });
  fs.rmSync(path.join(nodeDir, 'dockerd.pid'), { force: true });
  const log = fs.openSync(path.join(nodeDir, 'dockerd.log'), 'a');
  const args = argv ?? [
    ...wrapper,
    'dockerd',
    '--data-root',
    path.join(nodeDir, 'data'),
    '--exec-root',
    path.join(nodeDir, 'exec'),
    '--pidfile',
    path.join(nodeDir, 'dockerd.pid'),
    '-H',
    `unix://${socket}`,
    // Our own (empty) config file so a system /etc/docker/daemon.json (hosts, mirrors...) cannot interfere.
    '--config-file',
    paths(baseDir).daemonJson,
    // Test containers often ignore SIGTERM (sh as pid 1); don't let teardown wait 15 s for them.
    '--shutdown-timeout',
    '1',
  ];
  const child = spawn(args[0], args.slice(1), {
    detached: true, // own session, like setsid: it must outlive `swarm-cli up`
    stdio: ['ignore', log, log],
    // PREFER_OFFLINE_IMAGE: the swarm agent uses the local image instead of trying to pull (no registry here).
    env: { ...process.env, DOCKER_SERVICE_PREFER_OFFLINE_IMAGE: '1' },
  });
  fs.closeSync(log);
  let exited: string | undefined;
  child.on('exit', (code, sig) => {
    exited = `exited (${code ?? sig})`;
  });
  child.on('error', (err) => {
    exited = err.message;
  });
  child.unref();
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (await ping(socket, 500)) return;
    if (exited) break;
    await sleep(50);
  }
  const tail = fs.readFileSync(path.join(nodeDir, 'dockerd.log'), 'utf8').split('\n').slice(-20).join('\n');
  throw new Error(`dockerd in ${nodeDir} did not start${exited ? ` (${exited})` : ''}:\n${tail}`);
}

// ---------------------------------------------------------------------------------------------- network

async function createNetns(baseDir: string): Promise<void> {
  await run('ip', ['netns', 'add', NETNS]);
  await run('ip', ['link', 'add', VETH_MANAGER, 'type', 'veth', 'peer', 'name', VETH_WORKER, 'netns', NETNS]);
  await run('ip', ['addr', 'add', `${MANAGER_ADDR}/24`, 'dev', VETH_MANAGER]);
  await run('ip', ['link', 'set', VETH_MANAGER, 'up']);
  await run('ip', ['-n', NETNS, 'addr', 'add', `${WORKER_ADDR}/24`, 'dev', VETH_WORKER]);
  await run('ip', ['-n', NETNS, 'link', 'set', VETH_WORKER, 'up']);
  await run('ip', ['-n', NETNS, 'link', 'set', 'lo', 'up']);

  writeNsWrapper(baseDir, WORKER_HOSTNAME);
}

/**
 * `ip netns exec` remounts /sys in a new mount namespace, so the cgroup mounts vanish and dockerd fails
 * with "Devices cgroup isn't mounted": the wrapper mounts them again (v1 hierarchies or the v2 root).
 */
function writeNsWrapper(baseDir: string, hostname: string): void {
  const p = paths(baseDir);
  const cgroupLines = fs
    .readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .filter((l) => / \/sys\/fs\/cgroup(\/[^ ]+)? cgroup2? /.test(l));
  fs.writeFileSync(p.cgroupMounts, cgroupLines.join('\n') + '\n');
  fs.writeFileSync(
    p.wrapper,
    `#!/bin/sh
set -e
if grep -q ' /sys/fs/cgroup cgroup2 ' ${p.cgroupMounts}; then mount -t cgroup2 cgroup2 /sys/fs/cgroup
else mount -t tmpfs -o mode=755 cgroup_root /sys/fs/cgroup
  grep -v ' /sys/fs/cgroup cgroup' ${p.cgroupMounts} | while read -r dev mp type opts rest; do
    mkdir -p "$mp"; mount -t "$type" -o "$opts" "$dev" "$mp"; done
fi
hostname ${hostname}
exec "$@"
`,
    { mode: 0o755 },
  );
}

/** Split an `iptables -S` line into arguments (docker's rules have no quoted comments, but be safe). */
function splitRule(line: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push(m[1] ?? m[2]);
  return out;
}

/** Remove what our manager dockerd added to the host's iptables, and nothing else. */
async function cleanIptables(forwardPolicy: string | undefined): Promise<void> {
  for (const table of ['filter', 'nat']) {
    const lines = (await run('iptables', ['-t', table, '-S'], { allowFail: true })).split('\n');
    const dockerChains = lines.filter((l) => /^-N DOCKER/.test(l)).map((l) => l.split(' ')[1]);
    for (const l of lines) {
      if (!l.startsWith('-A ')) continue;
      const args = splitRule(l);
      if (args[1].startsWith('DOCKER')) continue; // goes away with the chain
      if (/ -j DOCKER| (docker0|docker_gwbridge)\b/.test(l)) {
        await run('iptables', ['-t', table, '-D', ...args.slice(1)], { allowFail: true });
      }
    }
    for (const c of dockerChains) await run('iptables', ['-t', table, '-F', c], { allowFail: true });
    for (const c of dockerChains) await run('iptables', ['-t', table, '-X', c], { allowFail: true });
  }
  // dockerd sets FORWARD to DROP when it enables ip_forward; put back what the host had.
  if (forwardPolicy === 'ACCEPT' || forwardPolicy === 'DROP') {
    await run('iptables', ['-P', 'FORWARD', forwardPolicy], { allowFail: true });
  }
}

async function currentForwardPolicy(): Promise<string | undefined> {
  const out = await run('iptables', ['-S', 'FORWARD'], { allowFail: true });
  return /^-P FORWARD (\w+)/m.exec(out)?.[1];
}

// ---------------------------------------------------------------------------------------------- state

function readState(baseDir: string): State | undefined {
  try {
    return JSON.parse(fs.readFileSync(paths(baseDir).state, 'utf8')) as State;
  } catch {
    return undefined;
  }
}

async function listNodes(socket: string): Promise<DockerNode[]> {
  return engineJson<DockerNode[]>(socket, { path: '/nodes', timeoutMs: 5000 });
}

function workerWrapper(baseDir: string): string[] {
  return ['ip', 'netns', 'exec', NETNS, 'unshare', '--uts', paths(baseDir).wrapper];
}

async function waitNodesReady(managerSocket: string, count: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const nodes = await listNodes(managerSocket);
    if (nodes.length === count && nodes.every((n) => n.Status?.State === 'ready')) return;
    if (Date.now() > deadline) throw new Error(`nodes not ready: ${JSON.stringify(nodes.map((n) => n.Status))}`);
    await sleep(100);
  }
}

/** A reused swarm starts with every node active again (a test may have drained or paused one). */
async function reactivateNodes(managerSocket: string): Promise<void> {
  for (const n of await listNodes(managerSocket)) {
    if (!n.Spec || n.Spec.Availability === 'active' || n.Version?.Index === undefined) continue;
    await engineJson<unknown>(managerSocket, {
      method: 'POST',
      path: `/nodes/${n.ID}/update?version=${n.Version.Index}`,
      json: { ...n.Spec, Availability: 'active' },
    });
  }
}

async function healthy(baseDir: string, state: State): Promise<boolean> {
  const sockets = [state.managerSocket, ...(state.workerSocket ? [state.workerSocket] : [])];
  for (const s of sockets) if (!(await ping(s, 1000))) return false;
  try {
    const info = await engineJson<{ Swarm?: { LocalNodeState?: string; ControlAvailable?: boolean } }>(state.managerSocket, { path: '/info', timeoutMs: 5000 });
    if (info.Swarm?.LocalNodeState !== 'active' || !info.Swarm.ControlAvailable) return false;
    const nodes = await listNodes(state.managerSocket);
    if (nodes.length !== sockets.length || nodes.some((n) => n.Status?.State !== 'ready')) return false;
    for (const s of sockets) {
      const img = await engineRequest(s, { path: `/images/${encodeURIComponent(BASE_IMAGE)}/json` });
      if (img.status !== 200) return false;
    }
    return fs.existsSync(paths(baseDir).rootfsTar);
  } catch {
    return false;
  }
}

function makeHandle(baseDir: string, state: State, reused: boolean): SwarmHandle {
  /** The harness lock, held from killManager until restartManager. */
  let managerLock: { release: () => void; done: Promise<unknown> } | undefined;
  const sockets = [state.managerSocket, ...(state.workerSocket ? [state.workerSocket] : [])];
  return {
    dockerHost: `unix://${state.managerSocket}`,
    workerDockerHost: state.workerSocket ? `unix://${state.workerSocket}` : undefined,
    multi: state.multi,
    baseDir,
    image: state.image,
    reused,
    importImage: async (tag: string) => {
      await Promise.all(sockets.map((s) => tagImage(s, tag)));
    },
    killWorker: async () => {
      const pid = readPid(path.join(paths(baseDir).worker, 'dockerd.pid'));
      if (!state.workerSocket || pid === undefined || !isOurs(pid, baseDir)) throw new Error('no harness worker running');
      process.kill(pid, 'SIGKILL');
      while (alive(pid)) await sleep(20);
    },
    restartWorker: async () => {
      if (!state.workerSocket) throw new Error('single-node harness has no worker');
      const p = paths(baseDir);
      const pid = readPid(path.join(p.worker, 'dockerd.pid'));
      if (pid !== undefined && isOurs(pid, baseDir) && alive(pid)) return;
      // A SIGKILLed dockerd leaves its containerd and shims; they would hold the old state.
      await terminate(
        strayProcesses(baseDir).filter((x) => cmdlineOf(x)?.some((a) => a.includes(`${p.worker}/`))),
        3000,
      );
      await startDockerd(baseDir, p.worker, workerWrapper(baseDir));
      await waitNodesReady(state.managerSocket, sockets.length);
    },
    killManager: async () => {
      const p = paths(baseDir);
      const pid = readPid(path.join(p.manager, 'dockerd.pid'));
      const argv = pid === undefined ? undefined : cmdlineOf(pid);
      if (pid === undefined || !argv || !isOurs(pid, baseDir) || path.basename(argv[0]) !== 'dockerd') {
        throw new Error(`no harness manager dockerd running (pidfile ${path.join(p.manager, 'dockerd.pid')})`);
      }
      if (!managerLock) {
        let release!: () => void;
        const held = new Promise<void>((r) => {
          release = r;
        });
        await new Promise<void>((acquired, failed) => {
          const done = withLock(baseDir, () => {
            acquired();
            return held;
          });
          done.catch(failed);
          managerLock = { release, done: done.catch(() => undefined) };
        });
      }
      fs.writeFileSync(path.join(p.manager, 'dockerd.argv.json'), JSON.stringify(argv));
      process.kill(pid, 'SIGKILL');
      const deadline = Date.now() + 10_000;
      while (alive(pid)) {
        if (Date.now() > deadline) throw new Error(`manager dockerd ${pid} still alive 10 s after SIGKILL`);
        await sleep(20);
      }
    },
    restartManager: async (opts = {}) => {
      const p = paths(baseDir);
      try {
        const pid = readPid(path.join(p.manager, 'dockerd.pid'));
        if (!(pid !== undefined && isOurs(pid, baseDir) && alive(pid))) {
          let argv: string[] | undefined;
          try {
            argv = JSON.parse(fs.readFileSync(path.join(p.manager, 'dockerd.argv.json'), 'utf8')) as string[];
          } catch {
            argv = undefined; // killed by something else: the default command line
          }
          // A SIGKILLed dockerd may leave its containerd (holding the old state): end it, as restartWorker does.
          await terminate(
            strayProcesses(baseDir).filter((x) => cmdlineOf(x)?.some((a) => a.includes(`${p.manager}/`))),
            3000,
          );
          await startDockerd(baseDir, p.manager, [], argv);
        }
        await waitSwarmHealthy(state.managerSocket, sockets.length, opts.timeoutMs ?? 90_000);
      } finally {
        if (managerLock) {
          managerLock.release();
          await managerLock.done;
          managerLock = undefined;
        }
      }
    },
    stop: () => stopSwarm({ baseDir }),
  };
}

/** After an engine restart: the API answers, the swarm is active with a leader here, all nodes Ready and Active. */
async function waitSwarmHealthy(managerSocket: string, count: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  for (;;) {
    try {
      if (await ping(managerSocket, 1000)) {
        const info = await engineJson<{ Swarm?: { LocalNodeState?: string; ControlAvailable?: boolean } }>(managerSocket, {
          path: '/info',
          timeoutMs: 5000,
        });
        if (info.Swarm?.LocalNodeState !== 'active' || !info.Swarm.ControlAvailable) {
          last = `swarm state ${info.Swarm?.LocalNodeState}, control ${info.Swarm?.ControlAvailable}`;
        } else {
          const nodes = await listNodes(managerSocket);
          const bad = nodes.filter((n) => n.Status?.State !== 'ready' || n.Spec?.Availability !== 'active');
          if (nodes.length === count && bad.length === 0) return;
          last = `nodes: ${nodes.map((n) => `${n.Description?.Hostname} ${n.Status?.State}/${n.Spec?.Availability}`).join(', ')}`;
        }
      } else last = 'the API does not answer';
    } catch (err) {
      last = (err as Error).message; // e.g. "The swarm does not have a leader" while raft elects
    }
    if (Date.now() > deadline) throw new Error(`manager not healthy ${timeoutMs / 1000} s after restart: ${last}`);
    await sleep(200);
  }
}

/** The environment a test process needs to find the harness swarm (see test/docker/*.test.ts). */
export function harnessEnv(handle: Pick<SwarmHandle, 'dockerHost' | 'workerDockerHost'>): Record<string, string> {
  const env: Record<string, string> = { MENDER_SWARM_TEST_DOCKER_HOST: handle.dockerHost };
  if (handle.workerDockerHost) env.MENDER_SWARM_TEST_WORKER_DOCKER_HOST = handle.workerDockerHost;
  return env;
}

// ---------------------------------------------------------------------------------------------- up / down

/** A running, healthy harness swarm, if any (does not start anything). */
export async function findRunningSwarm(baseDir = DEFAULT_BASE_DIR): Promise<SwarmHandle | undefined> {
  const state = readState(baseDir);
  if (!state || !(await healthy(baseDir, state))) return undefined;
  return makeHandle(baseDir, state, true);
}

/**
 * Start the harness swarm, or reuse a healthy one of the same kind (idempotent). Needs root.
 * A stale or different harness swarm (crashed run, other mode) is torn down first.
 */
export async function startSwarm(opts: StartOptions = {}): Promise<SwarmHandle> {
  const baseDir = opts.baseDir ?? DEFAULT_BASE_DIR;
  const log = opts.log ?? stderrLog;
  return withLock(baseDir, async () => {
    const t0 = Date.now();
    const ts = (m: string): void => log(`[${((Date.now() - t0) / 1000).toFixed(2)}s] ${m}`);
    const previous = readState(baseDir);
    if (previous && (opts.multi === undefined || previous.multi === opts.multi) && (await healthy(baseDir, previous))) {
      await reactivateNodes(previous.managerSocket);
      ts(`reusing running ${previous.multi ? 'two-node' : 'single-node'} swarm`);
      return makeHandle(baseDir, previous, true);
    }
    const multi = opts.multi ?? false;
    await teardown(baseDir, ts);
    await ensurePackages(ts);
    try {
      return await bringUp(baseDir, multi, ts);
    } catch (err) {
      // A half-started swarm would only confuse the next run; MENDER_SWARM_HARNESS_KEEP=1 keeps it to debug.
      if (!process.env.MENDER_SWARM_HARNESS_KEEP) await teardown(baseDir, ts).catch(() => undefined);
      throw err;
    }
  });
}

async function bringUp(baseDir: string, multi: boolean, ts: (m: string) => void): Promise<SwarmHandle> {
  {
    const p = paths(baseDir);
    fs.mkdirSync(baseDir, { recursive: true });
    fs.writeFileSync(p.daemonJson, '{}\n');
    const policy = await currentForwardPolicy();
    if (policy) fs.writeFileSync(p.forwardPolicy, policy);
    const rootfs = buildRootfsTar(baseDir);
    if (multi) await createNetns(baseDir);

    // Both daemons start in parallel: dockerd start-up dominates the time to a swarm.
    const managerSocket = socketOf(p.manager);
    const workerSocket = multi ? socketOf(p.worker) : undefined;
    await Promise.all([startDockerd(baseDir, p.manager, []), multi ? startDockerd(baseDir, p.worker, workerWrapper(baseDir)) : undefined]);
    ts(`dockerd${multi ? 's' : ''} up`);
    await rootfs;
    const sockets = [managerSocket, ...(workerSocket ? [workerSocket] : [])];
    await Promise.all(sockets.map((s) => importRootfs(s, baseDir, BASE_IMAGE)));
    ts(`${BASE_IMAGE} imported`);

    const addr = multi ? MANAGER_ADDR : '127.0.0.1';
    await engineJson<string>(managerSocket, {
      method: 'POST',
      path: '/swarm/init',
      json: { ListenAddr: `${addr}:2377`, AdvertiseAddr: addr },
    });
    await engineJson<unknown>(managerSocket, {
      method: 'POST',
      path: '/networks/create',
      json: { Name: TEST_NETWORK, Driver: 'overlay', Attachable: true, CheckDuplicate: true },
    });
    ts(`swarm initialised (manager ${addr})`);

    if (workerSocket) {
      const swarm = await engineJson<{ JoinTokens: { Worker: string } }>(managerSocket, { path: '/swarm' });
      await engineJson<unknown>(workerSocket, {
        method: 'POST',
        path: '/swarm/join',
        json: {
          ListenAddr: `${WORKER_ADDR}:2377`,
          AdvertiseAddr: WORKER_ADDR,
          RemoteAddrs: [`${MANAGER_ADDR}:2377`],
          JoinToken: swarm.JoinTokens.Worker,
        },
        timeoutMs: 60_000,
      });
    }
    await waitNodesReady(managerSocket, sockets.length);
    if (multi) ts('worker joined');

    const state: State = { multi, managerSocket, workerSocket, image: BASE_IMAGE, startedAt: new Date().toISOString() };
    fs.writeFileSync(p.state, JSON.stringify(state, null, 2));
    ts('ready');
    return makeHandle(baseDir, state, false);
  }
}

/** Tear down the harness swarm; safe to call when nothing (or a crashed half of something) is left. */
export async function stopSwarm(opts: { baseDir?: string; log?: (message: string) => void } = {}): Promise<void> {
  const baseDir = opts.baseDir ?? DEFAULT_BASE_DIR;
  const log = opts.log ?? stderrLog;
  const t0 = Date.now();
  await withLock(baseDir, () => teardown(baseDir, (m) => log(`[${((Date.now() - t0) / 1000).toFixed(2)}s] ${m}`)));
}

async function teardown(baseDir: string, log: (m: string) => void): Promise<void> {
  const p = paths(baseDir);
  const nodeDirs = [p.worker, p.manager];
  const hasAnything = fs.existsSync(baseDir) || (await run('ip', ['netns', 'list'], { allowFail: true })).includes(NETNS);
  if (!hasAnything) return;
  log('tearing down');

  // 1. Politely: remove services, leave the swarm (bounded, errors ignored: the daemons may be half dead).
  const managerSocket = socketOf(p.manager);
  if (await ping(managerSocket, 1000)) {
    try {
      const services = await engineJson<Array<{ ID: string }>>(managerSocket, { path: '/services', timeoutMs: 5000 });
      await Promise.all(services.map((s) => engineRequest(managerSocket, { method: 'DELETE', path: `/services/${s.ID}`, timeoutMs: 5000 })));
    } catch {
      /* best effort */
    }
  }
  await Promise.all(
    nodeDirs.map(async (dir) => {
      const s = socketOf(dir);
      if (await ping(s, 1000)) {
        await engineRequest(s, { method: 'POST', path: '/swarm/leave?force=true', timeoutMs: 10_000 }).catch(() => undefined);
      }
    }),
  );

  log('services removed, swarm left');
  // 2. SIGTERM the daemons by pidfile (only if the pid is still one of ours), then anything they left behind.
  const daemons = nodeDirs.map((d) => readPid(path.join(d, 'dockerd.pid'))).filter((pid): pid is number => pid !== undefined && isOurs(pid, baseDir));
  await terminate(daemons, 15_000);
  const nsPids = (await run('ip', ['netns', 'pids', NETNS], { allowFail: true }))
    .split('\n')
    .map((s) => Number(s))
    .filter((n) => Number.isInteger(n) && n > 0);
  const strays = [...new Set([...(fs.existsSync(baseDir) ? strayProcesses(baseDir) : []), ...nsPids])];
  if (strays.length > 0) await terminate(strays, 3000);
  log(`daemons stopped${strays.length > 0 ? ` (+${strays.length} stray processes)` : ''}`);

  // 3. Network: the namespace (takes the veth pair with it); docker0/docker_gwbridge/iptables only if no other
  //    dockerd (e.g. the system's) might own them.
  await run('ip', ['netns', 'del', NETNS], { allowFail: true });
  await run('ip', ['link', 'del', VETH_MANAGER], { allowFail: true });
  if (!foreignDockerdRunning(baseDir)) {
    for (const link of ['docker_gwbridge', 'docker0']) await run('ip', ['link', 'del', link], { allowFail: true });
    let policy: string | undefined;
    try {
      policy = fs.readFileSync(p.forwardPolicy, 'utf8').trim();
    } catch {
      policy = undefined;
    }
    await cleanIptables(policy);
    // libnetwork writes load-balancer sandbox files under the hard-coded /var/lib/docker.
    const lbDir = '/var/lib/docker/network/files';
    if (fs.existsSync(lbDir)) {
      for (const f of fs.readdirSync(lbDir)) if (f.startsWith('lb_')) fs.rmSync(path.join(lbDir, f), { recursive: true, force: true }); // a dir (hosts, resolv.conf) on 20.10
    }
  }

  // 4. Mounts the manager's dockerd/containerd left (overlay2 layers, netns files), deepest first.
  await unmountUnder(baseDir);

  fs.rmSync(baseDir, { recursive: true, force: true });
  log('torn down');
}

/** Lazily unmount what a dockerd/containerd left mounted under `baseDir` (overlay2 layers, netns files), deepest first. */
async function unmountUnder(baseDir: string): Promise<void> {
  const mounts = fs
    .readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .map((l) => l.split(' ')[1])
    .filter((m): m is string => m !== undefined && m.startsWith(`${baseDir}/`))
    .sort((a, b) => b.length - a.length);
  for (const m of mounts) await run('umount', ['-l', m], { allowFail: true });
}

// ---------------------------------------------------------------------------------------------- scratch engine

/** A throwaway engine that is in no swarm (for "initialise swarm" tests). */
export interface ScratchEngine {
  /** `unix://...` of its engine. */
  dockerHost: string;
  /** Its hostname (the node's name once it is a swarm). */
  hostname: string;
  /** Leave the swarm (if any), stop the daemon and everything it started, delete its namespace and files. */
  stop(): Promise<void>;
  /**
   * Give it a link to the host namespace (SCRATCH_ADDR, routed to the manager's addresses), so it can join the
   * harness swarm. Until then it reaches nothing: a join fails as "manager unreachable".
   */
  connect(): Promise<void>;
}

/** The scratch engine's address once connected (its advertise address when it joins). */
export const SCRATCH_ADDR = '10.201.0.2';
const SCRATCH_HOST_ADDR = '10.201.0.1';
const SCRATCH_VETH_HOST = 'mswxv0';
const SCRATCH_VETH_NS = 'mswxv1';

const SCRATCH_NETNS = 'msw-x1';
export const SCRATCH_BASE_DIR = `${DEFAULT_BASE_DIR}x`;

/**
 * Starts a dockerd that is in no swarm, in its own network namespace (only `lo`) like the worker, so its docker0,
 * docker_gwbridge, ingress sandbox, iptables rules and port 2377 are its own and never the harness swarm's.
 * Shares nothing with the harness swarm but the kernel; nothing to import (swarm init runs no container).
 */
export async function startScratchEngine(opts: { baseDir?: string; hostname?: string } = {}): Promise<ScratchEngine> {
  const baseDir = opts.baseDir ?? SCRATCH_BASE_DIR;
  const hostname = opts.hostname ?? 'scratch1';
  await stopScratchEngine(baseDir); // a crashed earlier run
  const p = paths(baseDir);
  fs.mkdirSync(baseDir, { recursive: true });
  fs.writeFileSync(p.daemonJson, '{}\n');
  await run('ip', ['netns', 'add', SCRATCH_NETNS]);
  await run('ip', ['-n', SCRATCH_NETNS, 'link', 'set', 'lo', 'up']);
  writeNsWrapper(baseDir, hostname);
  const nodeDir = p.manager;
  try {
    await startDockerd(baseDir, nodeDir, ['ip', 'netns', 'exec', SCRATCH_NETNS, 'unshare', '--uts', p.wrapper]);
  } catch (err) {
    await stopScratchEngine(baseDir);
    throw err;
  }
  const connect = async (): Promise<void> => {
    await run('ip', ['link', 'add', SCRATCH_VETH_HOST, 'type', 'veth', 'peer', 'name', SCRATCH_VETH_NS, 'netns', SCRATCH_NETNS]);
    await run('ip', ['addr', 'add', `${SCRATCH_HOST_ADDR}/24`, 'dev', SCRATCH_VETH_HOST]);
    await run('ip', ['link', 'set', SCRATCH_VETH_HOST, 'up']);
    await run('ip', ['-n', SCRATCH_NETNS, 'addr', 'add', `${SCRATCH_ADDR}/24`, 'dev', SCRATCH_VETH_NS]);
    await run('ip', ['-n', SCRATCH_NETNS, 'link', 'set', SCRATCH_VETH_NS, 'up']);
    await run('ip', ['-n', SCRATCH_NETNS, 'route', 'add', 'default', 'via', SCRATCH_HOST_ADDR]);
  };
  return { dockerHost: `unix://${socketOf(nodeDir)}`, hostname, stop: () => stopScratchEngine(baseDir), connect };
}

async function stopScratchEngine(baseDir: string): Promise<void> {
  const p = paths(baseDir);
  const socket = socketOf(p.manager);
  if (fs.existsSync(socket) && (await ping(socket, 1000))) {
    await engineRequest(socket, { method: 'POST', path: '/swarm/leave?force=true', timeoutMs: 10_000 }).catch(() => undefined);
  }
  const pid = readPid(path.join(p.manager, 'dockerd.pid'));
  if (pid !== undefined && isOurs(pid, baseDir)) await terminate([pid], 15_000);
  const nsPids = (await run('ip', ['netns', 'pids', SCRATCH_NETNS], { allowFail: true }))
    .split('\n')
    .map((s) => Number(s))
    .filter((n) => Number.isInteger(n) && n > 0);
  const strays = [...new Set([...(fs.existsSync(baseDir) ? strayProcesses(baseDir) : []), ...nsPids])];
  if (strays.length > 0) await terminate(strays, 3000);
  await run('ip', ['netns', 'del', SCRATCH_NETNS], { allowFail: true });
  await run('ip', ['link', 'del', SCRATCH_VETH_HOST], { allowFail: true });
  await unmountUnder(baseDir);
  fs.rmSync(baseDir, { recursive: true, force: true });
}
