/**
 * The Kubernetes CEL libraries (k8s.io/apiserver/pkg/cel/library) on top of @bufbuild/cel:
 * lists, regex, quantity, URL, IP and CIDR. Extension types (quantity, URL, IP, CIDR) are
 * protobuf messages with one string field holding the value's canonical text, so CEL's own
 * equality compares them by value, as the Kubernetes types' Equal does.
 * Reference: https://kubernetes.io/docs/reference/using-api/cel/#kubernetes-cel-libraries
 */
import {
  type CelFunc,
  type CelList,
  CelScalar,
  type CelValue,
  celFunc,
  celList,
  celMethod,
  isCelList,
  isCelMap,
  isCelUint,
  listType,
  mapType,
  objectType,
} from "@bufbuild/cel";
import { create, createFileRegistry, createRegistry, type DescMessage, type Registry } from "@bufbuild/protobuf";
import { type ReflectMessage, reflect } from "@bufbuild/protobuf/reflect";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import {
  formatIp,
  formatPrefix,
  type IpAddress,
  type IpPrefix,
  ipPredicates,
  maskPrefix,
  parseIp,
  parsePrefix,
  prefixContainsIp,
  prefixContainsPrefix,
} from "./ip.js";
import {
  addQuantity,
  compareQuantity,
  type ExactQuantity,
  negateQuantity,
  parseExactQuantity,
  quantityAsFloat,
  quantityAsInt64,
  quantityFromKey,
  quantityKey,
} from "./quantity.js";
import { compileFindRegex } from "./regex.js";
import { compareSemver, formatSemver, parseSemver, type Semver } from "./semver.js";
import { type ParsedUrl, parseUrl, urlEscapedPath, urlHostname, urlPort, urlQuery } from "./url.js";

const { STRING, INT, BOOL, DOUBLE, DYN } = CelScalar;
const LIST = listType(DYN);

// One proto3 file declaring the extension types, each a message with a `value` string field.
const TYPE_NAMES = ["Quantity", "URL", "IP", "CIDR", "Semver"] as const;
const files = createFileRegistry(
  create(FileDescriptorProtoSchema, {
    name: "mlgate/kubernetes_cel.proto",
    package: "kubernetes",
    syntax: "proto3",
    messageType: TYPE_NAMES.map((name) => ({
      name,
      field: [{ name: "value", number: 1, type: 9 /* string */, label: 1 /* optional */, jsonName: "value" }],
    })),
  }),
  () => undefined,
);
export const celRegistry: Registry = createRegistry(files);

function desc(name: (typeof TYPE_NAMES)[number]): DescMessage {
  const d = files.getMessage(`kubernetes.${name}`);
  if (!d) throw new Error(`descriptor kubernetes.${name} missing`);
  return d;
}
const QuantityDesc = desc("Quantity");
const UrlDesc = desc("URL");
const IpDesc = desc("IP");
const CidrDesc = desc("CIDR");
const QUANTITY = objectType(QuantityDesc);
const URL_T = objectType(UrlDesc);
const IP_T = objectType(IpDesc);
const CIDR_T = objectType(CidrDesc);
const SemverDesc = desc("Semver");
const SEMVER = objectType(SemverDesc);

function wrap(d: DescMessage, value: string) {
  return create(d, { value } as never);
}
function text(m: ReflectMessage): string {
  const field = m.desc.fields[0];
  return field ? String(m.get(field)) : "";
}

// Quantity
function quantityOf(m: ReflectMessage): ExactQuantity {
  return quantityFromKey(text(m));
}
function newQuantity(q: ExactQuantity) {
  return wrap(QuantityDesc, quantityKey(q));
}
function parseQuantityOrThrow(s: string): ExactQuantity {
  const q = parseExactQuantity(s);
  if (!q)
    throw new Error(
      `quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$': ${s}`,
    );
  return q;
}
const quantityFuncs: CelFunc[] = [
  celFunc("quantity", [STRING], QUANTITY, (s) => newQuantity(parseQuantityOrThrow(s))),
  celFunc("isQuantity", [STRING], BOOL, (s) => parseExactQuantity(s) !== undefined),
  celMethod("sign", QUANTITY, [], INT, function () {
    return BigInt(compareQuantity(quantityOf(this), { num: 0n, exp: 0 }));
  }),
  celMethod("isInteger", QUANTITY, [], BOOL, function () {
    return quantityAsInt64(quantityOf(this)) !== undefined;
  }),
  celMethod("asInteger", QUANTITY, [], INT, function () {
    const v = quantityAsInt64(quantityOf(this));
    if (v === undefined) throw new Error("cannot convert value to integer");
    return v;
  }),
  celMethod("asApproximateFloat", QUANTITY, [], DOUBLE, function () {
    return quantityAsFloat(quantityOf(this));
  }),
  celMethod("add", QUANTITY, [QUANTITY], QUANTITY, function (o) {
    return newQuantity(addQuantity(quantityOf(this), quantityOf(o)));
  }),
  celMethod("add", QUANTITY, [INT], QUANTITY, function (o) {
    return newQuantity(addQuantity(quantityOf(this), { num: o, exp: 0 }));
  }),
  celMethod("sub", QUANTITY, [QUANTITY], QUANTITY, function (o) {
    return newQuantity(addQuantity(quantityOf(this), negateQuantity(quantityOf(o))));
  }),
  celMethod("sub", QUANTITY, [INT], QUANTITY, function (o) {
    return newQuantity(addQuantity(quantityOf(this), { num: -o, exp: 0 }));
  }),
  celMethod("isGreaterThan", QUANTITY, [QUANTITY], BOOL, function (o) {
    return compareQuantity(quantityOf(this), quantityOf(o)) > 0;
  }),
  celMethod("isLessThan", QUANTITY, [QUANTITY], BOOL, function (o) {
    return compareQuantity(quantityOf(this), quantityOf(o)) < 0;
  }),
  celMethod("compareTo", QUANTITY, [QUANTITY], INT, function (o) {
    return BigInt(compareQuantity(quantityOf(this), quantityOf(o)));
  }),
];

// Lists (k8s.io/apiserver/pkg/cel/library/lists.go)
type Comparable = bigint | number | string | boolean;
function cmp(a: CelValue, b: CelValue): number {
  if (typeof a === "bigint" || typeof a === "number") {
    if (typeof b !== "bigint" && typeof b !== "number") throw new Error("no such overload");
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (isCelUint(a) && isCelUint(b)) return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
  if ((typeof a === "string" && typeof b === "string") || (typeof a === "boolean" && typeof b === "boolean"))
    return (a as Comparable) < (b as Comparable) ? -1 : (a as Comparable) > (b as Comparable) ? 1 : 0;
  throw new Error("no such overload");
}
function items(l: CelList): CelValue[] {
  return [...l];
}
function celEquals(a: CelValue, b: CelValue): boolean {
  if (typeof a !== "object" || a === null || typeof b !== "object" || b === null) {
    if ((typeof a === "bigint" || typeof a === "number") && (typeof b === "bigint" || typeof b === "number"))
      // biome-ignore lint/suspicious/noDoubleEquals: CEL compares int and double by value
      return a == b;
    return a === b;
  }
  if (isCelList(a) && isCelList(b)) {
    const x = items(a);
    const y = items(b);
    return x.length === y.length && x.every((v, i) => celEquals(v, y[i] as CelValue));
  }
  if (isCelMap(a) && isCelMap(b)) {
    if (a.size !== b.size) return false;
    for (const [k, v] of a) {
      const w = b.get(k);
      if (w === undefined || !celEquals(v, w)) return false;
    }
    return true;
  }
  if (isCelUint(a) && isCelUint(b)) return a.value === b.value;
  const am = a as unknown as ReflectMessage;
  const bm = b as unknown as ReflectMessage;
  if (am.desc && bm.desc) return am.desc.typeName === bm.desc.typeName && text(am) === text(bm);
  return false;
}
const listFuncs: CelFunc[] = [
  celMethod("isSorted", LIST, [], BOOL, function () {
    const xs = items(this);
    return xs.every((x, i) => i === 0 || cmp(xs[i - 1] as CelValue, x) <= 0);
  }),
  celMethod("sum", LIST, [], DYN, function () {
    const xs = items(this);
    if (xs.length === 0) return 0n;
    if (xs.every((x) => typeof x === "bigint")) return (xs as bigint[]).reduce((a, b) => a + b, 0n);
    if (xs.every((x) => typeof x === "number")) return (xs as number[]).reduce((a, b) => a + b, 0);
    throw new Error("sum: list elements must all be int or all be double");
  }),
  celMethod("min", LIST, [], DYN, function () {
    const xs = items(this);
    if (xs.length === 0) throw new Error("min called on empty list");
    return xs.reduce((a, b) => (cmp(b, a) < 0 ? b : a));
  }),
  celMethod("max", LIST, [], DYN, function () {
    const xs = items(this);
    if (xs.length === 0) throw new Error("max called on empty list");
    return xs.reduce((a, b) => (cmp(b, a) > 0 ? b : a));
  }),
  celMethod("indexOf", LIST, [DYN], INT, function (v) {
    return BigInt(items(this).findIndex((x) => celEquals(x, v)));
  }),
  celMethod("lastIndexOf", LIST, [DYN], INT, function (v) {
    const xs = items(this);
    for (let i = xs.length - 1; i >= 0; i--) if (celEquals(xs[i] as CelValue, v)) return BigInt(i);
    return -1n;
  }),
];

// Regex (k8s.io/apiserver/pkg/cel/library/regex.go)
const regexFuncs: CelFunc[] = [
  celMethod("find", STRING, [STRING], STRING, function (re) {
    return compileFindRegex(re).exec(this)?.[0] ?? "";
  }),
  celMethod("findAll", STRING, [STRING], listType(STRING), function (re) {
    return celList([...this.matchAll(compileFindRegex(re, true))].map((m) => m[0]));
  }),
  celMethod("findAll", STRING, [STRING, INT], listType(STRING), function (re, n) {
    if (n === 0n) return celList([]);
    const all = [...this.matchAll(compileFindRegex(re, true))].map((m) => m[0]);
    return celList(n < 0n ? all : all.slice(0, Number(n)));
  }),
];

// URL (k8s.io/apiserver/pkg/cel/library/urls.go)
const urlCache = new Map<string, ParsedUrl>();
function urlOf(m: ReflectMessage): ParsedUrl {
  const raw = text(m);
  let u = urlCache.get(raw);
  if (!u) {
    const parsed = parseUrl(raw);
    if (typeof parsed === "string") throw new Error(parsed);
    if (urlCache.size > 1024) urlCache.clear();
    urlCache.set(raw, parsed);
    u = parsed;
  }
  return u;
}
const urlFuncs: CelFunc[] = [
  celFunc("url", [STRING], URL_T, (s) => {
    const parsed = parseUrl(s);
    if (typeof parsed === "string") throw new Error(parsed);
    return wrap(UrlDesc, s);
  }),
  celFunc("isURL", [STRING], BOOL, (s) => typeof parseUrl(s) !== "string"),
  celMethod("getScheme", URL_T, [], STRING, function () {
    return urlOf(this).scheme;
  }),
  celMethod("getHost", URL_T, [], STRING, function () {
    return urlOf(this).host;
  }),
  celMethod("getHostname", URL_T, [], STRING, function () {
    return urlHostname(urlOf(this));
  }),
  celMethod("getPort", URL_T, [], STRING, function () {
    return urlPort(urlOf(this));
  }),
  celMethod("getEscapedPath", URL_T, [], STRING, function () {
    return urlEscapedPath(urlOf(this));
  }),
  celMethod("getQuery", URL_T, [], mapType(STRING, listType(STRING)), function () {
    return new Map([...urlQuery(urlOf(this))].map(([k, v]) => [k, celList(v)]));
  }),
  celFunc("string", [URL_T], STRING, (m) => text(m)),
];

// IP and CIDR (k8s.io/apiserver/pkg/cel/library/ip.go, cidr.go)
function ipOrThrow(s: string): IpAddress {
  const ip = parseIp(s);
  if (typeof ip === "string") throw new Error(ip);
  return ip;
}
function prefixOrThrow(s: string): IpPrefix {
  const p = parsePrefix(s);
  if (typeof p === "string") throw new Error(p);
  return p;
}
const ipOf = (m: ReflectMessage) => ipOrThrow(text(m));
const prefixOf = (m: ReflectMessage) => prefixOrThrow(text(m));
const newIp = (ip: IpAddress) => wrap(IpDesc, formatIp(ip));
const newPrefix = (p: IpPrefix) => wrap(CidrDesc, formatPrefix(p));
const ipFuncs: CelFunc[] = [
  celFunc("ip", [STRING], IP_T, (s) => newIp(ipOrThrow(s))),
  celFunc("isIP", [STRING], BOOL, (s) => typeof parseIp(s) !== "string"),
  celFunc("ip.isCanonical", [STRING], BOOL, (s) => formatIp(ipOrThrow(s)) === s),
  celMethod("family", IP_T, [], INT, function () {
    return BigInt(ipOf(this).family);
  }),
  ...(Object.keys(ipPredicates) as (keyof typeof ipPredicates)[]).map((name) =>
    celMethod(name, IP_T, [], BOOL, function () {
      return ipPredicates[name](ipOf(this));
    }),
  ),
  celFunc("string", [IP_T], STRING, (m) => text(m)),
  celFunc("cidr", [STRING], CIDR_T, (s) => newPrefix(prefixOrThrow(s))),
  celFunc("isCIDR", [STRING], BOOL, (s) => typeof parsePrefix(s) !== "string"),
  celMethod("containsIP", CIDR_T, [IP_T], BOOL, function (ip) {
    return prefixContainsIp(prefixOf(this), ipOf(ip));
  }),
  celMethod("containsIP", CIDR_T, [STRING], BOOL, function (s) {
    return prefixContainsIp(prefixOf(this), ipOrThrow(s));
  }),
  celMethod("containsCIDR", CIDR_T, [CIDR_T], BOOL, function (c) {
    return prefixContainsPrefix(prefixOf(this), prefixOf(c));
  }),
  celMethod("containsCIDR", CIDR_T, [STRING], BOOL, function (s) {
    return prefixContainsPrefix(prefixOf(this), prefixOrThrow(s));
  }),
  celMethod("ip", CIDR_T, [], IP_T, function () {
    return newIp(prefixOf(this).addr);
  }),
  celMethod("masked", CIDR_T, [], CIDR_T, function () {
    return newPrefix(maskPrefix(prefixOf(this)));
  }),
  celMethod("prefixLength", CIDR_T, [], INT, function () {
    return BigInt(prefixOf(this).bits);
  }),
  celFunc("string", [CIDR_T], STRING, (m) => text(m)),
];

// Semver (k8s.io/apiserver/pkg/cel/library/semverlib.go)
function semverOrThrow(s: string, normalize: boolean): Semver {
  const v = parseSemver(s, normalize);
  if (!v) throw new Error(`error converting ${JSON.stringify(s)} to semver`);
  return v;
}
const semverOf = (m: ReflectMessage) => semverOrThrow(text(m), false);
const newSemver = (v: Semver) => wrap(SemverDesc, formatSemver(v));
const semverFuncs: CelFunc[] = [
  celFunc("isSemver", [STRING], BOOL, (s) => parseSemver(s) !== undefined),
  celFunc("isSemver", [STRING, BOOL], BOOL, (s, n) => parseSemver(s, n) !== undefined),
  celFunc("semver", [STRING], SEMVER, (s) => newSemver(semverOrThrow(s, false))),
  celFunc("semver", [STRING, BOOL], SEMVER, (s, n) => newSemver(semverOrThrow(s, n))),
  celMethod("major", SEMVER, [], INT, function () {
    return semverOf(this).major;
  }),
  celMethod("minor", SEMVER, [], INT, function () {
    return semverOf(this).minor;
  }),
  celMethod("patch", SEMVER, [], INT, function () {
    return semverOf(this).patch;
  }),
  celMethod("isGreaterThan", SEMVER, [SEMVER], BOOL, function (o) {
    return compareSemver(semverOf(this), semverOf(o)) > 0;
  }),
  celMethod("isLessThan", SEMVER, [SEMVER], BOOL, function (o) {
    return compareSemver(semverOf(this), semverOf(o)) < 0;
  }),
  celMethod("compareTo", SEMVER, [SEMVER], INT, function (o) {
    return BigInt(compareSemver(semverOf(this), semverOf(o)));
  }),
];

/** Every Kubernetes library function mlgate implements, beside CEL's standard ones and strings. */
export const kubernetesFuncs: CelFunc[] = [
  ...quantityFuncs,
  ...listFuncs,
  ...regexFuncs,
  ...urlFuncs,
  ...ipFuncs,
  ...semverFuncs,
];

/** For tests: reflect a message the way the evaluator hands it to methods. */
export const _reflectForTest = reflect;
