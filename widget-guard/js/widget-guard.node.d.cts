// Types for the Node entry (dist/widget-guard.node.cjs): the sanitizer, on the same Wasm as the widget's guard.
import type { SanitizeOptions, SanitizeResult } from "./sanitizer.mjs";

/** A sanitized deep copy of `value` and where each redaction is; throws a TypeError for values JSON cannot carry. */
export declare function sanitizeProps<T>(value: T, options?: SanitizeOptions): SanitizeResult<T>;
/** `text` with secrets and PII replaced, for log lines. */
export declare function redactText(text: string, options?: SanitizeOptions): string;
