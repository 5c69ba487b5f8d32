// Type tests for the Node entry (resolved through the package's "node" export condition).
// @ts-expect-error the Node entry has the sanitizer, not the in-page guard
import { install } from "widget-guard";
import { redactText, sanitizeProps } from "widget-guard";

// @ts-expect-error mode is "redact", "remove" or "mask"
sanitizeProps({ a: 1 }, { mode: "shred" });
const line: string = redactText("token ghp_x", { categories: { email: false } });
const kept: { a: number } = sanitizeProps({ a: 1 }).value;
export { install, line, kept };
