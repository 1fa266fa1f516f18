// The security rules. Add a new module here; src/rules/rules.test.ts fails if one is missing.
import type { Rule } from "../types.js";
import securityApparmor from "./apparmor.js";
import securityAutomountToken from "./automount-token.js";
import securityCapabilities from "./capabilities.js";
import securityExposedMlEndpoint from "./exposed-ml-endpoint.js";
import securityHardcodedSecret from "./hardcoded-secret.js";
import securityHostNamespaces from "./host-namespaces.js";
import securityHostPath from "./host-path.js";
import securityHostPorts from "./host-ports.js";
import securityImageRegistry from "./image-registry.js";
import securityOpenMlIngress from "./open-ml-ingress.js";
import securityPrivilegeEscalation from "./privilege-escalation.js";
import securityPrivileged from "./privileged.js";
import securityProcMount from "./proc-mount.js";
import securityPublicClusterEndpoint from "./public-cluster-endpoint.js";
import securityRbacMlAccess from "./rbac-ml-access.js";
import securityRunAsNonRoot from "./run-as-non-root.js";
import securitySeccomp from "./seccomp.js";
import securityContextRemoved from "./security-context-removed.js";
import securitySelinux from "./selinux.js";
import securitySysctls from "./sysctls.js";
import securityVolumeTypes from "./volume-types.js";

export const securityRules: readonly Rule[] = [
  securityApparmor,
  securityAutomountToken,
  securityCapabilities,
  securityExposedMlEndpoint,
  securityHardcodedSecret,
  securityHostNamespaces,
  securityHostPath,
  securityHostPorts,
  securityImageRegistry,
  securityOpenMlIngress,
  securityPrivilegeEscalation,
  securityPrivileged,
  securityProcMount,
  securityPublicClusterEndpoint,
  securityRbacMlAccess,
  securityRunAsNonRoot,
  securitySeccomp,
  securitySelinux,
  securitySysctls,
  securityVolumeTypes,
  securityContextRemoved,
];
