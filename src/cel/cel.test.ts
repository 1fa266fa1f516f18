/**
 * The Kubernetes CEL libraries, with the examples the Kubernetes documentation gives for them
 * (https://kubernetes.io/docs/reference/using-api/cel/#kubernetes-cel-libraries), and the
 * module's contract: ints as the API server reads JSON, errors, unsupported functions.
 */
import { describe, expect, it } from "vitest";
import { compileCel, evaluateCel } from "./index.js";

function value(expr: string, bindings: Record<string, unknown> = {}): unknown {
  const r = evaluateCel(expr, bindings);
  if (r.kind !== "value") throw new Error(`${expr}: ${r.kind} ${"message" in r ? r.message : ""}`);
  return r.value;
}

describe("Kubernetes CEL libraries", () => {
  it.each([
    // lists
    "[1, 2, 3].isSorted()",
    "!['b', 'a'].isSorted()",
    "[1, 2].sum() == 3",
    "[1.0, 2.5].sum() == 3.5",
    "[].sum() == 0",
    "[1, 2].max() == 2 && [1, 2].min() == 1",
    "['b', 'a'].min() == 'a'",
    "[1, 2, 2, 3].indexOf(2) == 1 && [1, 2, 2, 3].lastIndexOf(2) == 2 && [1].indexOf(5) == -1",
    // regex
    "'abc 123'.find('[0-9]+') == '123'",
    "'abc'.find('[0-9]+') == ''",
    "'123 abc 456'.findAll('[0-9]+') == ['123', '456']",
    "'123 abc 456'.findAll('[0-9]+', 1) == ['123']",
    "'ABC'.find('(?i)b') == 'B'",
    // quantity
    "quantity('50000M').isGreaterThan(quantity('1G'))",
    "quantity('50M').isLessThan(quantity('100M'))",
    "quantity('1Gi').compareTo(quantity('1024Mi')) == 0",
    "quantity('1Gi') == quantity('1024Mi')",
    "quantity('50k').asInteger() == 50000",
    "quantity('50k').sign() == 1 && quantity('-1').sign() == -1 && quantity('0').sign() == 0",
    "quantity('50k').isInteger() && !quantity('50m').isInteger()",
    "quantity('50.703k').asApproximateFloat() == 50703.0",
    "quantity('50k').add(quantity('20k')) == quantity('70k')",
    "quantity('50k').add(20) == quantity('50020')",
    "quantity('50k').sub(quantity('20k')) == quantity('30k')",
    "quantity('200M').sub(1) == quantity('199999999')",
    "isQuantity('1.3G') && !isQuantity('1.3Gz')",
    "quantity('1.5Gi').asInteger() == 1610612736",
    "quantity('100m').add(quantity('900m')) == quantity('1')",
    // url
    "url('https://example.com:80/').getHost() == 'example.com:80'",
    "url('https://[::1]:80/').getHost() == '[::1]:80'",
    "url('https://example.com/path').getScheme() == 'https'",
    "url('https://example.com:80/').getHostname() == 'example.com'",
    "url('https://[::1]:80/').getHostname() == '::1'",
    "url('https://example.com:80/').getPort() == '80'",
    "url('https://example.com/').getPort() == ''",
    "url('https://example.com/path with spaces/').getEscapedPath() == '/path%20with%20spaces/'",
    "url('https://example.com/path').getEscapedPath() == '/path'",
    "url('https://example.com/?k=true&k=false&k2=true').getQuery() == {'k': ['true', 'false'], 'k2': ['true']}",
    "url('/absolute-path').getEscapedPath() == '/absolute-path'",
    "isURL('https://example.com/') && isURL('/absolute-path') && !isURL('example.com') && !isURL('./relative')",
    // ip and cidr
    "isIP('127.0.0.1') && isIP('::1') && !isIP('127.0.0.256') && !isIP('01.2.3.4') && !isIP('fe80::1%eth0')",
    "!isIP('::ffff:1.2.3.4')",
    "ip.isCanonical('127.0.0.1') && ip.isCanonical('2001:db8::abcd')",
    "!ip.isCanonical('2001:DB8::ABCD') && !ip.isCanonical('2001:db8::0:0:0:abcd')",
    "ip('127.0.0.1').family() == 4 && ip('::1').family() == 6",
    "ip('0.0.0.0').isUnspecified() && ip('::').isUnspecified() && !ip('127.0.0.1').isUnspecified()",
    "ip('127.0.0.1').isLoopback() && ip('::1').isLoopback() && !ip('10.0.0.1').isLoopback()",
    "ip('224.0.0.1').isLinkLocalMulticast() && ip('ff02::1').isLinkLocalMulticast() && !ip('224.0.1.1').isLinkLocalMulticast()",
    "ip('169.254.169.254').isLinkLocalUnicast() && ip('fe80::1').isLinkLocalUnicast() && !ip('10.0.0.1').isLinkLocalUnicast()",
    "ip('192.168.0.1').isGlobalUnicast() && ip('2001:db8::1').isGlobalUnicast() && !ip('255.255.255.255').isGlobalUnicast() && !ip('ff00::1').isGlobalUnicast()",
    "string(ip('2001:db8::abcd')) == '2001:db8::abcd' && ip('::1') == ip('0:0::1')",
    "isCIDR('192.168.0.0/16') && !isCIDR('192.168.0.0/33') && !isCIDR('192.168.0.0')",
    "cidr('192.168.0.0/24').containsIP(ip('192.168.0.1')) && cidr('192.168.0.0/24').containsIP('192.168.0.1')",
    "!cidr('192.168.0.0/24').containsIP('192.168.1.1') && !cidr('::/0').containsIP('10.0.0.1')",
    "cidr('192.168.0.0/24').containsCIDR(cidr('192.168.0.0/25')) && !cidr('192.168.0.0/24').containsCIDR('192.168.0.0/23')",
    "cidr('192.168.0.1/24').ip() == ip('192.168.0.1') && cidr('192.168.0.1/24').masked() == cidr('192.168.0.0/24')",
    "cidr('::1/128').prefixLength() == 128 && string(cidr('::1/128')) == '::1/128'",
    // semver
    "isSemver('1.2.3') && isSemver('1.2.3-rc.1+build.5') && !isSemver('v1.2.3') && !isSemver('1.2') && !isSemver('01.2.3')",
    "isSemver('v1.2', true) && semver('v1.2', true) == semver('1.2.0')",
    "semver('1.2.3').major() == 1 && semver('1.2.3').minor() == 2 && semver('1.2.3').patch() == 3",
    "semver('1.0.0').isLessThan(semver('1.1.0')) && semver('2.0.0').isGreaterThan(semver('1.9.9'))",
    "semver('1.0.0-alpha').isLessThan(semver('1.0.0-alpha.1')) && semver('1.0.0-rc.1').isLessThan(semver('1.0.0'))",
    "semver('1.0.0-alpha.beta').isGreaterThan(semver('1.0.0-alpha.1')) && semver('1.0.0-2').isLessThan(semver('1.0.0-10'))",
    "semver('1.0.0').compareTo(semver('1.0.0+build')) == 0 && semver('1.0.0') == semver('1.0.0+other')",
    // strings extension (cel-go ext, bundled with @bufbuild/cel)
    "'TacoCat'.lowerAscii() == 'tacocat' && 'a,b'.split(',') == ['a', 'b'] && ['a', 'b'].join('-') == 'a-b'",
    "'  x '.trim() == 'x' && 'hello'.substring(1, 3) == 'el' && 'abc'.charAt(1) == 'b'",
    "'%s has %d GPUs'.format(['node', 8]) == 'node has 8 GPUs'",
  ])("%s", (expr) => {
    expect(value(expr)).toBe(true);
  });

  it("library errors are evaluation errors", () => {
    for (const e of [
      "quantity('1Gz')",
      "quantity('1.5').asInteger()",
      "url('example.com')",
      "ip('999.1.1.1')",
      "cidr('::1')",
      "[].max()",
      "'x'.find('(a')",
      "semver('1.0')",
    ])
      expect(evaluateCel(e, {}).kind, e).toBe("error");
  });
});

describe("the module's contract", () => {
  it("reads whole JSON numbers as int and others as double, as the API server does", () => {
    expect(value("object.spec.replicas + 1", { object: { spec: { replicas: 3 } } })).toBe(4);
    expect(value("type(object.x) == double", { object: { x: 1.5 } })).toBe(true);
    expect(
      value("object.spec.replicas <= 5 && size(object.metadata.labels) == 1", {
        object: { spec: { replicas: 3 }, metadata: { labels: { a: "b" } } },
      }),
    ).toBe(true);
  });

  it("a missing field is an error, has() guards it", () => {
    expect(evaluateCel("object.spec.x", { object: { spec: {} } }).kind).toBe("error");
    expect(value("has(object.spec.x)", { object: { spec: {} } })).toBe(false);
  });

  it("returns plain JavaScript, and raw values can be bound again", () => {
    const r = evaluateCel("object.items.map(i, i * 2)", { object: { items: [1, 2] } });
    expect(r.kind === "value" && r.value).toEqual([2, 4]);
    if (r.kind !== "value") throw new Error("no value");
    expect(value("variables.doubled.sum()", { variables: new Map([["doubled", r.raw]]) })).toBe(6);
    const q = evaluateCel("quantity('2Gi')", {});
    if (q.kind !== "value") throw new Error("no value");
    expect(value("v.isGreaterThan(quantity('1Gi'))", { v: q.raw })).toBe(true);
  });

  it("reads a Map binding afresh at every run (a VAP's variables grow as they are evaluated)", () => {
    const vars = new Map<string, unknown>([["a", 1]]);
    expect(value("size(variables)", { variables: vars })).toBe(1);
    vars.set("b", 2);
    expect(value("variables.b", { variables: vars })).toBe(2);
  });

  it("names unsupported functions instead of evaluating them", () => {
    for (const [e, names] of [
      [
        "authorizer.group('apps').resource('deployments').check('create').allowed()",
        ["allowed", "authorizer.group", "check", "resource"],
      ],
      [
        "format.dns1123Label().validate(object.metadata.name).hasValue()",
        ["format.dns1123Label", "hasValue", "validate"],
      ],
      ["cel.bind(x, 1, x + 1) == 2", ["cel.bind"]],
      ["false && unknownFn(1)", ["unknownFn"]],
    ] as const) {
      const c = compileCel(e);
      expect(c.kind, e).toBe("unsupported");
      if (c.kind === "unsupported") expect(c.unsupported).toEqual(names);
    }
    expect(compileCel("object.?spec.orValue({})").kind).toBe("unsupported");
  });

  it("reports syntax errors, and lists what an expression reads", () => {
    expect(compileCel("1 +").kind).toBe("syntax-error");
    const c = compileCel("variables.a && request.userInfo.username == object.metadata.name");
    expect(c.kind).toBe("program");
    if (c.kind !== "program") return;
    expect([...c.program.identifiers].sort()).toEqual(["object", "request", "variables"]);
    expect(c.program.selections.has("request.userInfo.username")).toBe(true);
    expect(c.program.selections.has("variables.a")).toBe(true);
  });
});
