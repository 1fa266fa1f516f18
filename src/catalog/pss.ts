/**
 * The Kubernetes Pod Security Standards as data: each control's name as the standard spells it,
 * the level that introduces it, and the values it allows. The security rules read this module and
 * say which control and level a finding belongs to.
 *
 * Source: https://kubernetes.io/docs/concepts/security/pod-security-standards/ (policy version
 * "latest", Kubernetes 1.35), read 2026-11-29; the admission checks themselves live in
 * kubernetes/pod-security-admission policy/check_*.go.
 */

export type PssLevel = "baseline" | "restricted";

export interface PssControl {
  /** The control's name as the standard's tables spell it. */
  name: string;
  level: PssLevel;
  /** The mlgate rule that checks it. */
  rule: string;
}

export const PSS_CONTROLS = {
  hostProcess: { name: "HostProcess", level: "baseline", rule: "security/host-namespaces" },
  hostNamespaces: { name: "Host Namespaces", level: "baseline", rule: "security/host-namespaces" },
  privileged: { name: "Privileged Containers", level: "baseline", rule: "security/privileged" },
  capabilitiesBaseline: { name: "Capabilities", level: "baseline", rule: "security/capabilities" },
  hostPath: { name: "HostPath Volumes", level: "baseline", rule: "security/host-path" },
  hostPorts: { name: "Host Ports", level: "baseline", rule: "security/host-ports" },
  appArmor: { name: "AppArmor", level: "baseline", rule: "security/apparmor" },
  seLinux: { name: "SELinux", level: "baseline", rule: "security/selinux" },
  procMount: { name: "/proc Mount Type", level: "baseline", rule: "security/proc-mount" },
  seccompBaseline: { name: "Seccomp", level: "baseline", rule: "security/seccomp" },
  sysctls: { name: "Sysctls", level: "baseline", rule: "security/sysctls" },
  volumeTypes: { name: "Volume Types", level: "restricted", rule: "security/volume-types" },
  privilegeEscalation: {
    name: "Privilege Escalation",
    level: "restricted",
    rule: "security/privilege-escalation",
  },
  runAsNonRoot: { name: "Running as Non-root", level: "restricted", rule: "security/run-as-non-root" },
  runAsUser: { name: "Running as Non-root user", level: "restricted", rule: "security/run-as-non-root" },
  seccompRestricted: { name: "Seccomp", level: "restricted", rule: "security/seccomp" },
  capabilitiesRestricted: { name: "Capabilities", level: "restricted", rule: "security/capabilities" },
} as const satisfies Record<string, PssControl>;

/** Whether a control applies when checking at `level` (restricted includes baseline). */
export function pssApplies(control: PssControl, level: PssLevel): boolean {
  return control.level === "baseline" || level === "restricted";
}

/** `(PSS baseline: Privileged Containers)`: the suffix every PSS finding carries. */
export function pssTag(control: PssControl): string {
  return `(PSS ${control.level}: ${control.name})`;
}

/** Capabilities the baseline level allows a container to add (the runtime's default set). */
export const BASELINE_ADDABLE_CAPABILITIES: ReadonlySet<string> = new Set([
  "AUDIT_WRITE",
  "CHOWN",
  "DAC_OVERRIDE",
  "FOWNER",
  "FSETID",
  "KILL",
  "MKNOD",
  "NET_BIND_SERVICE",
  "SETFCAP",
  "SETGID",
  "SETPCAP",
  "SETUID",
  "SYS_CHROOT",
]);

/** The only capability the restricted level allows adding; it also requires `drop: [ALL]`. */
export const RESTRICTED_ADDABLE_CAPABILITIES: ReadonlySet<string> = new Set(["NET_BIND_SERVICE"]);

/** Sysctls the baseline level allows (namespaced and isolated between pods), by the version that added them. */
export const SAFE_SYSCTLS: ReadonlySet<string> = new Set([
  "kernel.shm_rmid_forced",
  "net.ipv4.ip_local_port_range",
  "net.ipv4.ip_unprivileged_port_start",
  "net.ipv4.tcp_syncookies",
  "net.ipv4.ping_group_range",
  // 1.27
  "net.ipv4.ip_local_reserved_ports",
  // 1.29
  "net.ipv4.tcp_keepalive_time",
  "net.ipv4.tcp_fin_timeout",
  "net.ipv4.tcp_keepalive_intvl",
  "net.ipv4.tcp_keepalive_probes",
  // 1.32
  "net.ipv4.tcp_rmem",
  "net.ipv4.tcp_wmem",
]);

/** Volume sources the restricted level allows; hostPath is also a baseline control of its own. */
export const RESTRICTED_VOLUME_TYPES: ReadonlySet<string> = new Set([
  "configMap",
  "csi",
  "downwardAPI",
  "emptyDir",
  "ephemeral",
  "image",
  "persistentVolumeClaim",
  "projected",
  "secret",
]);

/** Every volume source field of core/v1 Volume, so a volume's type can be told from its other keys. */
export const VOLUME_SOURCE_FIELDS: ReadonlySet<string> = new Set([
  ...RESTRICTED_VOLUME_TYPES,
  "hostPath",
  "awsElasticBlockStore",
  "azureDisk",
  "azureFile",
  "cephfs",
  "cinder",
  "fc",
  "flexVolume",
  "flocker",
  "gcePersistentDisk",
  "gitRepo",
  "glusterfs",
  "iscsi",
  "nfs",
  "photonPersistentDisk",
  "portworxVolume",
  "quobyte",
  "rbd",
  "scaleIO",
  "storageos",
  "vsphereVolume",
]);

/** SELinux types the baseline level allows in seLinuxOptions.type (empty or unset is also allowed). */
export const BASELINE_SELINUX_TYPES: ReadonlySet<string> = new Set([
  "container_t",
  "container_init_t",
  "container_kvm_t",
  "container_engine_t",
]);

/**
 * Host paths whose mount gives a container the node: its root, configuration, kernel interfaces,
 * the container runtime's sockets (create a privileged container = root on the node), kubelet
 * credentials. A mount of one of these, or of a parent of one, is an error.
 */
export const SENSITIVE_HOST_PATHS: readonly string[] = [
  "/",
  "/etc",
  "/root",
  "/home",
  "/proc",
  "/sys",
  "/boot",
  "/dev",
  "/var/run/docker.sock",
  "/run/docker.sock",
  "/var/run/containerd/containerd.sock",
  "/run/containerd/containerd.sock",
  "/var/run/crio/crio.sock",
  "/run/crio/crio.sock",
  "/var/run/cri-dockerd.sock",
  "/var/lib/kubelet",
  "/var/lib/kubelet/pki",
  "/etc/kubernetes",
  "/var/lib/docker",
  "/var/lib/containerd",
];
