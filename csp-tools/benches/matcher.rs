//! Matcher and parser benchmarks: `cargo bench -p csp-tools --bench matcher`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use csp_tools::{Disposition, Origin, PolicyList, Request, RequestKind, UrlView};

/// A 20-source connect-src, the size the issue budgets for: hosts, wildcards, ports, paths.
const POLICY: &str = "default-src 'self'; connect-src 'self' https://api.example.com/v1/ \
    https://*.cdn.example.net wss://realtime.example.com https://auth.example.org:8443 \
    https://a.example https://b.example https://c.example https://d.example https://e.example \
    https://f.example https://g.example/x/ https://h.example:* https://i.example https://j.example \
    https://k.example https://l.example https://m.example https://*.n.example https://telemetry.example.com/ingest";

fn decisions(c: &mut Criterion) {
    let list = PolicyList::parse(POLICY, Disposition::Enforce);
    let origin = Origin { scheme: "https".into(), host: Some("app.example.com".into()), port: None };
    let last = UrlView { scheme: "https", host: Some("telemetry.example.com"), port: None, path: "/ingest" };
    let blocked = UrlView { scheme: "https", host: Some("evil.example"), port: None, path: "/exfil" };
    for (name, url) in [("allowed by the 20th source", last), ("blocked after 20 sources", blocked)] {
        let request = Request { url, kind: RequestKind::Fetch, redirected: false };
        c.bench_function(&format!("allows: {name}"), |b| {
            b.iter(|| black_box(&list).allows(black_box(&request), &origin))
        });
        c.bench_function(&format!("check (with verdicts): {name}"), |b| {
            b.iter(|| black_box(&list).check(black_box(&request), &origin).allowed())
        });
    }
    let request = Request { url: blocked, kind: RequestKind::Fetch, redirected: false };
    c.bench_function("decide and explain: blocked", |b| {
        b.iter(|| {
            let decision = black_box(&list).check(black_box(&request), &origin);
            decision.reason(&request, &origin)
        })
    });
    c.bench_function("parse: the 20-source policy", |b| {
        b.iter(|| PolicyList::parse(black_box(POLICY), Disposition::Enforce))
    });
}

criterion_group!(benches, decisions);
criterion_main!(benches);
