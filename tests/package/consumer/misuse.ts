// Type tests: each @ts-expect-error line must be a type error, or tsc fails ("unused directive").
import { install, VIOLATION_EVENT, type Guard } from "widget-guard";
import { install as installInline } from "widget-guard/inline";

// @ts-expect-error mode is "enforce" or "report"
void install({ mode: "block" });
// @ts-expect-error an unknown option
void install({ connectDomain: ["https://api.example.com"] });
// @ts-expect-error an allow rule needs an origin
void install({ allow: [{ paths: ["/v1/"] }] });
// @ts-expect-error apis is a preset name
void installInline({ apis: "lenient" });

const guard: Guard = await install({ allowApis: ["clipboard"], sanitizeProps: { mode: "mask" } });
// @ts-expect-error kind is a sink name
guard.check("https://api.example.com", { kind: "telepathy" });
const reason: string = guard.check(new URL("https://api.example.com")).reason;
const typed: { n: number } = guard.sanitizeProps({ n: 1 }).value;
const event: "widget-guard:violation" = VIOLATION_EVENT;
export { reason, typed, event };
