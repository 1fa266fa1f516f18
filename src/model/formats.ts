/**
 * The value formats the API server's decoding refuses, for the built-in kinds' fields whose
 * OpenAPI schema names them (`format` in api/openapi-spec/swagger.json). A built-in object is
 * decoded into Go structs by encoding/json (sigs.k8s.io/json, its case-sensitive fork), before any
 * validation runs, and a value the field's Go type cannot hold fails the whole request:
 * - `int32`, `int64`: an integer is stored only if it fits (`reflect.Value.OverflowInt`), else
 *   "cannot unmarshal number … into Go struct field … of type int32";
 * - `byte` (`[]byte`: Secret data, ConfigMap binaryData, CA bundles, CSR requests): decoded with
 *   `base64.StdEncoding` (standard alphabet, padding required, line breaks ignored), else
 *   "illegal base64 data at input byte N";
 * - `date-time` (`metav1.Time`): `time.Parse(time.RFC3339, s)` in apimachinery's
 *   pkg/apis/meta/v1/time.go, else "parsing time … as …";
 * - a `resource.Quantity` (`quantity`): `Quantity.UnmarshalJSON` trims the text and parses it with
 *   `ParseQuantity` (apimachinery pkg/api/resource/quantity.go), else "quantities must match the
 *   regular expression …"; model/quantity.ts holds the grammar.
 * https://github.com/golang/go/blob/master/src/encoding/json/decode.go (literalStore)
 * https://github.com/kubernetes/kubernetes/blob/master/staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/time.go
 * https://github.com/kubernetes/kubernetes/blob/master/staging/src/k8s.io/apimachinery/pkg/api/resource/quantity.go
 */

export type ValueFormat = "int32" | "int64" | "byte" | "date-time" | "quantity";

export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;
/** ±2^63: a JavaScript number reads larger integers approximately, but never one in range as out of it. */
const INT64_LIMIT = 2 ** 63;

export function fitsInt32(n: number): boolean {
  return n >= INT32_MIN && n <= INT32_MAX;
}

export function fitsInt64(n: number): boolean {
  return n >= -INT64_LIMIT && n < INT64_LIMIT;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Why Go's `base64.StdEncoding` refuses `s` (undefined when it decodes): it skips `\r` and `\n`,
 * wants whole groups of four characters of the standard alphabet, and `=` only as the last one
 * or two characters of the last group.
 */
export function base64Problem(s: string): string | undefined {
  const text = s.includes("\n") || s.includes("\r") ? s.replace(/[\r\n]/g, "") : s;
  if (BASE64.test(text)) return undefined;
  const bad = /[^A-Za-z0-9+/=]/.exec(text);
  if (bad) return `it holds ${JSON.stringify(bad[0])}, which is not in the base64 alphabet`;
  if (text.length % 4 !== 0) return `its length (${text.length}) is not a multiple of 4, as padded base64 is`;
  return "its '=' padding is not at the end";
}

/** Go falls back from its strict RFC 3339 reader to the layout parser, which also takes a one-digit hour and a comma before the fraction. */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{1,2}):(\d{2}):(\d{2})(?:[.,]\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * Whether Go's `time.Parse(time.RFC3339, s)` reads `s`: the layout, then the ranges it checks
 * (month, day of that month, hour, minute, second); the zone offset's digits are not judged.
 */
export function isRfc3339(s: string): boolean {
  const m = RFC3339.exec(s);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return false;
  return hour <= 23 && minute <= 59 && second <= 59;
}

function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
