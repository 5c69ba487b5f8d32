// The sanitizer's types, shared by the in-page guard and the Node entry (no DOM types needed).

/** The sanitizer's options. */
export interface SanitizeOptions {
  /** `redact` (default): `[REDACTED:<kind>]`; `remove`: empty string; `mask`: `****` and the last 4 characters. */
  mode?: "redact" | "remove" | "mask";
  /** Each category on (default) or off. */
  categories?: Partial<Record<"secrets" | "email" | "phone" | "card" | "iban" | "ssn" | "ip", boolean>>;
  /** JSON pointers left untouched, with everything below them. */
  keepPaths?: string[];
  /** Extra key names whose non-empty string values are always redacted. */
  secretKeys?: string[];
}

/** One redaction: where and what, never the value. */
export interface Finding {
  /** RFC 6901 JSON pointer of the string. */
  pointer: string;
  kind: string;
  confidence: "high" | "medium" | "low";
}

export interface SanitizeResult<T> {
  value: T;
  findings: Finding[];
}
