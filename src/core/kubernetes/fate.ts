/**
 * What becomes of each compose service key in the Kubernetes export: translated (by the module named), or not,
 * with what was done instead. The export reports every key of the second kind a service sets (`k8s-untranslated`),
 * so nothing is dropped without a word; keys the swarm conversion already folds into others (mem_limit and the
 * like into resources, env_file into the environment) are translated through them.
 */
export interface KubeFate {
  /** 'translated': mapped (see `to`); 'dropped': nothing in a pod means the same (why says what instead). */
  fate: 'translated' | 'dropped';
  to?: string;
  why?: string;
}

const t = (to: string): KubeFate => ({ fate: 'translated', to });
const d = (why: string): KubeFate => ({ fate: 'dropped', why });

export const KUBE_FATE: Readonly<Record<string, KubeFate>> = {
  image: t('container image'), command: t('container args'), entrypoint: t('container command'),
  environment: t('container env'), env_file: t('container env'), working_dir: t('container workingDir'),
  user: t('securityContext runAsUser/runAsGroup (numeric ids only)'), healthcheck: t('liveness and readiness probes'),
  ports: t('a Service (and a NodePort or LoadBalancer Service for published ports)'), expose: t('Service ports'),
  networks: t('Services: one per network alias'), volumes: t('volumes: claims, hostPath, emptyDir'),
  secrets: t('Secrets mounted at the same paths'), configs: t('ConfigMaps mounted at the same paths'),
  deploy: t('replicas, DaemonSet, resources, affinity, update strategy'), labels: t('pod annotations'),
  hostname: t('pod hostname'), tmpfs: t('emptyDir volumes in memory'), stop_grace_period: t('terminationGracePeriodSeconds'),
  cap_add: t('securityContext capabilities'), cap_drop: t('securityContext capabilities'),
  read_only: t('securityContext readOnlyRootFilesystem'), privileged: t('securityContext privileged'),
  sysctls: t('pod securityContext sysctls'), tty: t('container tty'), stdin_open: t('container stdin'),
  extra_hosts: t('pod hostAliases'), dns: t('pod dnsConfig nameservers'), dns_search: t('pod dnsConfig searches'),
  dns_opt: t('pod dnsConfig options'), shm_size: t('a memory emptyDir at /dev/shm'),
  mem_limit: t('resources.limits.memory'), mem_reservation: t('resources.requests.memory'), cpus: t('resources.limits.cpu'),
  restart: t('the pods\' restart policy (Always)'), extends: t('merged into the service before export'),

  depends_on: d('Kubernetes has no start order either: services must retry until their dependencies answer (an init container that waits is up to you)'),
  links: d('every Service of the namespace resolves by name: nothing to link'),
  external_links: d('a Service of type ExternalName reaches outside names: write one if you need it'),
  build: d('Kubernetes runs images only: build and push the image, then reference it in `image:`'),
  container_name: d('pods are named by their workload'),
  network_mode: d('pods share the cluster network; `hostNetwork: true` is a decision to take by hand'),
  init: d('no init process is injected: use an image with one (tini) if the process does not reap children'),
  stop_signal: d('Kubernetes sends SIGTERM: make the image\'s STOPSIGNAL the one it needs'),
  logging: d('the cluster\'s log collection takes the containers\' output; drivers are not per pod'),
  ulimits: d('Kubernetes sets no per-pod ulimits: the nodes\' container runtime defaults apply'),
  devices: d('host devices reach pods through a device plugin'),
  pid: d('hostPID is a decision to take by hand'), ipc: d('hostIPC is a decision to take by hand'),
  security_opt: d('write seccompProfile / appArmorProfile / seLinuxOptions in the securityContext by hand'),
  cgroup_parent: d('the kubelet places pods in its own cgroups'), cgroupns_mode: d('the kubelet decides'),
  isolation: d('Windows isolation is chosen by the RuntimeClass'), mac_address: d('the CNI assigns addresses'),
  domainname: d('pods get the cluster domain'), userns_mode: d('`hostUsers: false` is a decision to take by hand'),
  group_add: d('write supplementalGroups (numeric) in the pod securityContext'),
  credential_spec: d('gMSA credential specs are set through windowsOptions'),
  volume_driver: d('storage classes choose the driver'), volumes_from: d('share a volume claim instead'),
  cpu_quota: d('resources.limits.cpu'), cpu_shares: d('resources.requests.cpu'), cpuset: d('the CPU manager policy of the nodes'),
  memswap_limit: d('Kubernetes has no per-pod swap limit'), pids_limit: d('the kubelet\'s podPidsLimit'),
  pull_policy: t('container imagePullPolicy'),
  annotations: d('write them as pod annotations by hand (compose gives them to the container)'),
  post_start: d('write a lifecycle.postStart hook by hand'), pre_stop: d('write a lifecycle.preStop hook by hand'),
  platform: d('constrain kubernetes.io/os and kubernetes.io/arch with node affinity'),
  scale: d('deploy.replicas is what the export reads'), profiles: d('every service of the files is exported'),
  runtime: d('a RuntimeClass chooses the runtime'), gpus: d('GPUs reach pods as extended resources of a device plugin'),
  blkio_config: d('Kubernetes has no block-IO weights'), cpu_count: d('resources.limits.cpu'), cpu_percent: d('resources.limits.cpu'),
  cpu_period: d('the kubelet sets the CFS period'), cpu_rt_period: d('Kubernetes has no real-time CPU settings'),
  cpu_rt_runtime: d('Kubernetes has no real-time CPU settings'), device_cgroup_rules: d('device plugins grant devices'),
  mem_swappiness: d('the nodes\' swap settings apply'), oom_kill_disable: d('the kubelet decides OOM kills by QoS class'),
  oom_score_adj: d('the kubelet sets OOM scores by QoS class'), storage_opt: d('ephemeral-storage limits are the nearest'),
  uts: d('pods have their own UTS namespace'), cgroup: d('the kubelet decides'), label_file: d('the labels it held are not exported'),
  develop: d('a development setting (compose watch)'), attach: d('a compose CLI setting'), pull_refresh_after: d('imagePullPolicy Always is the nearest'),
  provider: d('a compose provider service is not a container'), models: d('compose models are not Kubernetes objects'),
  use_api_socket: d('pods get no Docker API socket'),
};

export function kubeFate(key: string): KubeFate | undefined {
  return Object.prototype.hasOwnProperty.call(KUBE_FATE, key) ? KUBE_FATE[key] : undefined;
}

/** deploy: sub-keys and what becomes of them. */
export const DEPLOY_FATE: Readonly<Record<string, KubeFate>> = {
  mode: t('Deployment or StatefulSet (replicated), DaemonSet (global)'), replicas: t('spec.replicas'),
  resources: t('container resources'), placement: t('node affinity, tolerations, topology spread'),
  update_config: t('the rolling update strategy'), endpoint_mode: t('a headless Service for dnsrr'),
  labels: t('workload annotations'), restart_policy: t('the pods\' restart policy (Always)'),
  rollback_config: d('Kubernetes does not roll back by itself: `kubectl rollout undo` does it by hand'),
};
