// Types for the classic scripts (dist/widget-guard.js, dist/widget-guard.inline.js), which define the
// global `WidgetGuard`: `/// <reference types="widget-guard/classic" />`.
import type { WidgetGuardGlobal } from "./widget-guard.mjs";

declare global {
  const WidgetGuard: WidgetGuardGlobal;
}
