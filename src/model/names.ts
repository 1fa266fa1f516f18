/**
 * The syntax the API server enforces on names, label keys and values, annotation keys and port
 * names, as k8s.io/apimachinery/pkg/util/validation/validation.go states it (IsDNS1123Label,
 * IsDNS1123Subdomain, IsDNS1035Label, IsQualifiedName, IsValidLabelValue, IsValidPortName).
 * Each check returns the problems in words (empty when the value is valid), worded after the API
 * server's own messages so a user recognises them.
 * https://github.com/kubernetes/kubernetes/blob/master/staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go
 */

export const DNS1123_LABEL_MAX = 63;
export const DNS1123_SUBDOMAIN_MAX = 253;
export const LABEL_VALUE_MAX = 63;
export const QUALIFIED_NAME_MAX = 63;
/** IANA service names (RFC 6335 §5.1). */
export const PORT_NAME_MAX = 15;

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const QUALIFIED_NAME =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const PORT_NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const HAS_LETTER = /[a-z]/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** What a check returns for a valid value: one shared empty list, so the common case allocates nothing. */
const VALID: readonly string[] = Object.freeze([]);

function tooLong(max: number, value: string): string[] {
  return value.length > max ? [`must be no more than ${max} characters (it has ${value.length})`] : [];
}

export function dns1123Label(v: string): readonly string[] {
  if (v.length <= DNS1123_LABEL_MAX && DNS1123_LABEL.test(v)) return VALID;
  const out = tooLong(DNS1123_LABEL_MAX, v);
  if (!DNS1123_LABEL.test(v))
    out.push(
      "must be a lowercase RFC 1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit",
    );
  return out;
}

export function dns1123Subdomain(v: string): readonly string[] {
  if (v.length <= DNS1123_SUBDOMAIN_MAX && DNS1123_SUBDOMAIN.test(v)) return VALID;
  const out = tooLong(DNS1123_SUBDOMAIN_MAX, v);
  if (!DNS1123_SUBDOMAIN.test(v))
    out.push(
      "must be a lowercase RFC 1123 subdomain: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit",
    );
  return out;
}

export function dns1035Label(v: string): readonly string[] {
  if (v.length <= DNS1123_LABEL_MAX && DNS1035_LABEL.test(v)) return VALID;
  const out = tooLong(DNS1123_LABEL_MAX, v);
  if (!DNS1035_LABEL.test(v))
    out.push(
      "must be an RFC 1035 label: lowercase letters, digits and '-', starting with a letter and ending with a letter or digit",
    );
  return out;
}

/** A label or annotation key: `[prefix/]name`, the prefix a DNS subdomain, the name ≤ 63 characters. */
export function qualifiedName(v: string): readonly string[] {
  // The common case in one test: a name of at most 63 characters with an optional prefix (then shorter than 253).
  if (v.length <= QUALIFIED_NAME_MAX && QUALIFIED_NAME.test(v)) return VALID;
  const parts = v.split("/");
  let name = v;
  const out: string[] = [];
  if (parts.length === 2) {
    const [prefix, n] = parts as [string, string];
    name = n;
    if (prefix === "") out.push("its prefix part must not be empty");
    else out.push(...dns1123Subdomain(prefix).map((m) => `its prefix part ${m}`));
  } else if (parts.length > 2) {
    return [
      "must be a name with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName'): it has more than one '/'",
    ];
  }
  if (name === "") out.push("its name part must not be empty");
  else {
    if (name.length > QUALIFIED_NAME_MAX)
      out.push(`its name part must be no more than ${QUALIFIED_NAME_MAX} characters (it has ${name.length})`);
    if (!QUALIFIED_NAME_PART.test(name))
      out.push(
        "its name part must consist of letters, digits, '-', '_' or '.', and start and end with a letter or digit",
      );
  }
  return out;
}

export function labelValue(v: string): readonly string[] {
  if (v.length <= LABEL_VALUE_MAX && LABEL_VALUE.test(v)) return VALID;
  const out = tooLong(LABEL_VALUE_MAX, v);
  if (!LABEL_VALUE.test(v))
    out.push("must be empty or consist of letters, digits, '-', '_' or '.', and start and end with a letter or digit");
  return out;
}

/** IANA_SVC_NAME: ≤ 15 characters, lowercase letters, digits and '-', at least one letter, no '--', no '-' at either end. */
export function portName(v: string): readonly string[] {
  if (v.length <= PORT_NAME_MAX && PORT_NAME.test(v) && HAS_LETTER.test(v)) return VALID;
  const out = tooLong(PORT_NAME_MAX, v);
  if (!/^[-a-z0-9]+$/.test(v)) out.push("must contain only lowercase letters, digits and '-'");
  if (!/[a-z]/.test(v)) out.push("must contain at least one letter");
  if (v.includes("--")) out.push("must not contain consecutive hyphens");
  if (v.startsWith("-") || v.endsWith("-")) out.push("must not begin or end with a hyphen");
  return out;
}

/** RBAC names and a few others are path segments: anything but `.`, `..`, or a name with `/` or `%`. */
export function pathSegmentName(v: string): readonly string[] {
  if (v === "." || v === "..") return [`may not be '${v}'`];
  if (v.includes("/")) return ["may not contain '/'"];
  if (v.includes("%")) return ["may not contain '%'"];
  return VALID;
}
