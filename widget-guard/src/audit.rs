//! The audit trail: recent decisions, bounded, and redacted by construction (URLs are stored
//! without query or fragment, never a request body or header).

use std::collections::VecDeque;

use std::fmt::Write;

use crate::json::Object;

/// One recorded event.
#[derive(Clone, Debug)]
pub struct AuditEvent {
    /// Increasing sequence number; gaps show where old events were dropped.
    pub seq: u64,
    /// Milliseconds since the page's time origin (`performance.now()`).
    pub time: f64,
    /// `request` (a network or navigation sink), `api` (a privileged API call), `tool` (a call
    /// over the host bridge; `method` is then the tool's name) or `redaction`
    /// (the sanitizer replaced a secret or PII; the reason names its kind and JSON pointer).
    pub kind: &'static str,
    pub sink: &'static str,
    pub method: String,
    /// The URL without query or fragment.
    pub url: String,
    /// Whether the request went ahead.
    pub allowed: bool,
    /// Whether it was a violation (blocked, or reported in report mode).
    pub violation: bool,
    pub reason: String,
}

/// A ring buffer of the most recent events.
#[derive(Debug)]
pub struct AuditLog {
    events: VecDeque<AuditEvent>,
    limit: usize,
    next_seq: u64,
}

impl AuditLog {
    /// An empty log keeping at most `limit` events.
    pub const fn new(limit: usize) -> Self {
        AuditLog { events: VecDeque::new(), limit, next_seq: 0 }
    }

    /// Appends an event, assigning its sequence number (returned: the event's correlation id,
    /// also carried by the violation it may raise) and dropping the oldest beyond the limit.
    pub fn record(&mut self, mut event: AuditEvent) -> u64 {
        let seq = self.next_seq;
        event.seq = seq;
        self.next_seq += 1;
        if self.limit == 0 {
            return seq;
        }
        if self.events.len() == self.limit {
            self.events.pop_front();
        }
        self.events.push_back(event);
        seq
    }

    /// The kept events, oldest first.
    pub fn events(&self) -> impl Iterator<Item = &AuditEvent> {
        self.events.iter()
    }

    /// The kept events from sequence number `first` on, as a JSON array, oldest first.
    pub fn to_json_since(&self, first: u64) -> String {
        let mut out = String::from("[");
        for (i, event) in self.events.iter().filter(|event| event.seq >= first).enumerate() {
            if i > 0 {
                out.push(',');
            }
            event.write_json(&mut out);
        }
        out.push(']');
        out
    }
}

impl AuditEvent {
    fn write_json(&self, out: &mut String) {
        // Milliseconds with three decimals, written with integer formatting only (float formatting
        // would add ~15 KB to the Wasm).
        let micros = (self.time.max(0.0) * 1000.0) as u64;
        Object::new(out)
            .uint("seq", self.seq)
            .nested("time", |out| {
                let _ = write!(out, "{}.{:03}", micros / 1000, micros % 1000);
            })
            .str("type", self.kind)
            .str("sink", self.sink)
            .str("method", &self.method)
            .str("url", &self.url)
            .bool("allowed", self.allowed)
            .bool("violation", self.violation)
            .str("reason", &self.reason)
            .finish();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(url: &str) -> AuditEvent {
        let (kind, sink, method, reason) = ("request", "fetch", "GET".into(), String::new());
        AuditEvent { seq: 0, time: 0.0, kind, sink, method, url: url.into(), allowed: true, violation: false, reason }
    }

    #[test]
    fn keeps_the_most_recent_events_with_increasing_sequence_numbers() {
        let mut log = AuditLog::new(2);
        for url in ["a", "b", "c"] {
            log.record(event(url));
        }
        let kept: Vec<_> = log.events().map(|e| (e.seq, e.url.as_str())).collect();
        assert_eq!(kept, [(1, "b"), (2, "c")]);
        assert!(log.to_json_since(0).starts_with(r#"[{"seq":1,"time":0.000,"type":"request","sink":"fetch","#));
        assert!(log.to_json_since(2).starts_with(r#"[{"seq":2,"#));
    }
}
