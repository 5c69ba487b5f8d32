//! The tool-call gate: which host tools the widget may call (least privilege), which need the
//! user's confirmation first (destructive ones), and how often (a burst from injected code hammering
//! a write tool is cut off).

use std::collections::VecDeque;

use crate::config::ConfigError;

/// How the gate answers one call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ToolVerdict {
    Allowed,
    /// Allowed once the user confirms (the widget's `confirmTool` callback).
    NeedsConsent,
    /// Refused, with the reason and what to change.
    Refused {
        violated: &'static str,
        reason: String,
    },
}

/// The gate's configuration and its rate-limit state.
#[derive(Debug)]
pub struct ToolGate {
    /// Tools the widget may call; `None` when the widget did not declare any (every tool passes).
    allowed: Option<Vec<String>>,
    destructive: Vec<String>,
    limit: usize,
    window_ms: u64,
    /// Recent call times per tool, oldest first.
    recent: Vec<(String, VecDeque<f64>)>,
}

impl ToolGate {
    /// A gate; `rate_limit` is `(calls, per milliseconds)` per tool.
    pub fn new(
        allowed: Option<Vec<String>>,
        destructive: Vec<String>,
        rate_limit: (usize, u64),
    ) -> Result<Self, ConfigError> {
        let (limit, window_ms) = rate_limit;
        if limit == 0 || window_ms == 0 {
            return Err(ConfigError::invalid(
                "toolRateLimit",
                &format!("{limit} per {window_ms} ms"),
                "at least 1 call per a positive number of milliseconds",
            ));
        }
        Ok(ToolGate { allowed, destructive, limit, window_ms, recent: Vec::new() })
    }

    /// Decides a call to `tool` at time `now` (ms); `destructive_hint` is the tool's own annotation.
    /// A call that passes the allow-list counts toward the rate limit, confirmed or not.
    pub fn check(&mut self, tool: &str, now: f64, destructive_hint: bool) -> ToolVerdict {
        if let Some(allowed) = &self.allowed
            && !allowed.iter().any(|name| name == tool)
        {
            return ToolVerdict::Refused {
                violated: "tools",
                reason: format!("blocked: the widget may not call the tool \"{tool}\": add it to tools if it should"),
            };
        }
        if let Err(reason) = self.count(tool, now) {
            return ToolVerdict::Refused { violated: "toolRateLimit", reason };
        }
        if destructive_hint || self.destructive.iter().any(|name| name == tool) {
            ToolVerdict::NeedsConsent
        } else {
            ToolVerdict::Allowed
        }
    }
}

impl ToolGate {
    /// Counts a call of `name` at `now` toward its rate limit, or says why it is over the limit.
    pub fn count(&mut self, name: &str, now: f64) -> Result<(), String> {
        let index = match self.recent.iter().position(|(recent, _)| recent == name) {
            Some(index) => index,
            None => {
                self.recent.push((name.to_owned(), VecDeque::new()));
                self.recent.len() - 1
            }
        };
        let times = &mut self.recent[index].1;
        // Integers only in what is formatted: float formatting would add ~15 KB to the Wasm.
        while times.front().is_some_and(|&time| now - time >= self.window_ms as f64) {
            times.pop_front();
        }
        if times.len() >= self.limit {
            return Err(format!(
                "blocked: \"{name}\" was called {} times in the last {} ms, the limit; raise toolRateLimit if the widget \
                 really needs more",
                times.len(),
                self.window_ms
            ));
        }
        times.push_back(now);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gate() -> ToolGate {
        ToolGate::new(Some(vec!["search".into(), "delete_order".into()]), vec!["delete_order".into()], (3, 1000))
            .unwrap()
    }

    #[test]
    fn allow_list_consent_and_rate_limit() {
        let mut gate = gate();
        assert_eq!(gate.check("search", 0.0, false), ToolVerdict::Allowed);
        assert_eq!(gate.check("delete_order", 0.0, false), ToolVerdict::NeedsConsent);
        assert!(matches!(gate.check("drop_table", 0.0, false), ToolVerdict::Refused { violated: "tools", .. }));
        assert_eq!(gate.check("search", 10.0, false), ToolVerdict::Allowed);
        assert_eq!(gate.check("search", 20.0, false), ToolVerdict::Allowed);
        let limited = gate.check("search", 30.0, false);
        assert!(
            matches!(&limited, ToolVerdict::Refused { violated: "toolRateLimit", reason } if reason.contains("3 times in the last 1000 ms")),
            "{limited:?}"
        );
        assert_eq!(gate.check("search", 1000.0, false), ToolVerdict::Allowed, "the window slides");
    }

    #[test]
    fn without_an_allow_list_every_tool_passes_and_hints_ask_for_consent() {
        let mut gate = ToolGate::new(None, Vec::new(), (10, 1000)).unwrap();
        assert_eq!(gate.check("anything", 0.0, false), ToolVerdict::Allowed);
        assert_eq!(gate.check("wipe", 0.0, true), ToolVerdict::NeedsConsent);
        assert!(ToolGate::new(None, Vec::new(), (0, 1000)).is_err());
    }
}
