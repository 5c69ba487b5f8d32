// Types for the whole public API. The module entries (`widget-guard`, `widget-guard/inline`) export
// `install`; the classic scripts define the global `WidgetGuard` (widget-guard.d.ts); the Node entry
// has the sanitizer (widget-guard.node.d.cts).

import type { SanitizeOptions, SanitizeResult } from "./sanitizer.mjs";
export type { Finding, SanitizeOptions, SanitizeResult } from "./sanitizer.mjs";

/** The sinks the guard decides for; `kind` in `guard.check`. */
export type Sink =
  | "fetch"
  | "xhr"
  | "websocket"
  | "eventsource"
  | "beacon"
  | "ping"
  | "worker"
  | "webrtc"
  | "window-open"
  | "form-submit"
  | "navigation"
  | "redirect"
  | "tool-call"
  | "destructive-tool-call"
  | "tool-declined"
  | "follow-up"
  | "open-external"
  | Exclude<ApiName, "window-open" | "worker" | "webrtc">;

/** A privileged API the guard can block. */
export type ApiName =
  | "alert"
  | "confirm"
  | "prompt"
  | "clipboard"
  | "execCommand-clipboard"
  | "print"
  | "window-open"
  | "geolocation"
  | "getUserMedia"
  | "getDisplayMedia"
  | "notifications"
  | "file-pickers"
  | "payment-request"
  | "credentials"
  | "usb"
  | "bluetooth"
  | "serial"
  | "hid"
  | "midi"
  | "service-worker"
  | "worker"
  | "webrtc"
  | "webtransport";

/** A rule that narrows CSP connect-src by origin, path and HTTP method. */
export interface AllowRule {
  /** `https://api.example.com`, `https://*.example.com`, `wss://live.example.com:8443` (no path). */
  origin: string;
  /** Path prefixes ending in `/` (`/v1/`) or exact paths (`/health`); omitted: every path. */
  paths?: string[];
  /** HTTP methods; omitted: every method. */
  methods?: string[];
  /** Let fetch follow redirects for this rule (default: a redirect fails the request). */
  followRedirects?: boolean;
}

/** A violation, in the shape of a CSP violation report; URLs never carry a query or fragment. */
export interface Violation {
  /** Correlation id: the `seq` of the audit event that recorded it. */
  id: number;
  documentURL: string;
  blockedURL: string;
  /** `connect-src`, `worker-src`, `navigation`, `privileged-api` or `tool-call`. */
  effectiveDirective: string;
  /** The CSP directive, `allow-list`, `redirects`, `apis`, `tools`, `toolRateLimit`, `consent` or `widget-guard` (not ready / failed closed). */
  violatedDirective: string;
  originalPolicy: string;
  /** `enforce`: blocked. `report`: report mode, the request went ahead. */
  disposition: "enforce" | "report";
  sink: Sink;
  method: string;
  /** What refused it and how to allow it. */
  reason: string;
}

export interface InstallOptions {
  /** Policies enforced in-page (`Content-Security-Policy` values). */
  csp?: string | string[];
  /** The widget's declared connect domains; without `csp` they become `connect-src <domains>`. */
  connectDomains?: string[];
  /** Rules a request must match, in addition to `csp`. */
  allow?: AllowRule[];
  /** Where the widget may navigate, open windows, submit forms (its redirect domains). Default: nowhere. */
  redirects?: string[];
  /** `report`: violations are reported but not blocked. Default `enforce`. */
  mode?: "enforce" | "report";
  /** The privileged-API preset. Default `apps-sdk`: alert, confirm, prompt, clipboard, execCommand copy/cut/paste, workers, WebRTC, WebTransport. */
  apis?: "apps-sdk" | "strict";
  /** APIs to allow on top of the preset. */
  allowApis?: ApiName[];
  /** APIs to block on top of the preset. */
  blockApis?: ApiName[];
  /** The host tools the widget may call; an object carries the MCP tool annotation `destructiveHint`. Omitted: every tool passes the allow-list. */
  tools?: Array<string | { name: string; destructiveHint?: boolean }>;
  /** Tools that need the user's confirmation (`confirmTool`) before each call. */
  destructiveTools?: string[];
  /** At most `calls` per tool (and follow-up messages) in `perMs` milliseconds. Default 10 per 10,000. */
  toolRateLimit?: { calls: number; perMs: number };
  /** Asks the user (a dialog in the widget: window.confirm is blocked); resolve `true` to let a destructive call proceed. */
  confirmTool?: (call: { tool: string; args: unknown }) => boolean | Promise<boolean>;
  /** Audit events kept (oldest dropped first). Default 500. */
  auditLimit?: number;
  onViolation?: (violation: Violation) => void;
  /** An audit sink: called with each audit event as it is recorded (ship them to a log). */
  onAudit?: (event: AuditEvent) => void;
  /** Replace `window.openai.toolInput`, `toolOutput` and `widgetState` with sanitized copies (withheld as `null` until the engine is ready); an object sets the sanitizer's options. */
  sanitizeProps?: boolean | SanitizeOptions;
  /** Where to get the engine: a URL (default: widget-guard.wasm next to the script), bytes, or a compiled module. */
  wasm?: string | BufferSource | WebAssembly.Module;
}

export interface Decision {
  allowed: boolean;
  reason: string;
  violation?: Omit<Violation, "reason" | "id">;
}

export interface AuditEvent {
  /** Increasing; the correlation id a violation carries as `id`. Gaps show where old events were dropped. */
  seq: number;
  /** Milliseconds since the page's time origin. */
  time: number;
  /** `request`: a network or navigation sink; `api`: a privileged API call. */
  type: "request" | "api" | "tool" | "redaction";
  sink: Sink;
  /** The HTTP method, or the tool's name for tool calls. */
  method: string;
  /** Without query or fragment. */
  url: string;
  allowed: boolean;
  violation: boolean;
  reason: string;
}

export interface Guard {
  readonly mode: "enforce" | "report";
  /** Decides a request without making it, with the reason. */
  check(url: string | URL, options?: { method?: string; kind?: Sink }): Decision;
  /** Whether the guard would let the request through: the wrappers' decision, without the reason (faster). */
  allows(url: string | URL, options?: { method?: string; kind?: Sink }): boolean;
  /** Recent decisions and redactions, oldest first. */
  audit(): AuditEvent[];
  /** The same, as JSON text. */
  exportAudit(): string;
  /** The host's props, sanitized. */
  props(): Readonly<{ toolInput?: unknown; toolOutput?: unknown; widgetState?: unknown }>;
  /** A sanitized deep copy of `value` and where each redaction is; throws a TypeError for values JSON cannot carry. */
  sanitizeProps<T>(value: T, options?: SanitizeOptions): SanitizeResult<T>;
  /** `text` with secrets and PII replaced, for log lines. */
  redactText(text: string, options?: SanitizeOptions): string;
}

export interface WidgetGuardGlobal {
  /** Installs every hook now; resolves once the engine decides, rejects if the guard failed closed. */
  install(options?: InstallOptions): Promise<Guard>;
  /** The `CustomEvent` type dispatched on `document` for each violation (`event.detail` is the `Violation`). */
  readonly VIOLATION_EVENT: "widget-guard:violation";
}

/** Installs every hook now; resolves once the engine decides, rejects if the guard failed closed. */
export declare function install(options?: InstallOptions): Promise<Guard>;
/** The `CustomEvent` type dispatched on `document` for each violation (`event.detail` is the `Violation`). */
export declare const VIOLATION_EVENT: "widget-guard:violation";
declare const WidgetGuard: WidgetGuardGlobal;
export default WidgetGuard;
