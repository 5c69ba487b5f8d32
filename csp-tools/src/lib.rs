//! # csp-tools: a CSP Level 3 policy engine
//!
//! Parses Content-Security-Policy headers the way browsers do, and decides whether a request is
//! allowed, with a reason a person can act on. The same code runs natively (the `csp-tools` CLI)
//! and in WebAssembly (the widget guard), so a policy verified in CI behaves identically in a widget.
//!
//! - [`policy`]: parse serialized policies and policy lists (CSP3 §2.2, §2.3).
//! - [`matching`]: does a URL match a source list (CSP3 §6.7.2).
//! - [`request`]: which directive governs a request (CSP3 §6.8).
//! - [`decision`]: decide a request against a policy list (CSP3 §4.1).
//! - `generate`, `widget_meta`, `hash`, `infer`, `diff` (feature `tools`): the authoring commands.
//! - [`validate`]: lint a policy list for weaknesses and mistakes, with a score and grade.
//!
//! Where Chromium deviates from the specification text, the engine follows Chromium and the code
//! says so; a differential test against real Chromium (`tests/differential`) keeps it honest.
//!
//! ```
//! use csp_tools::{Disposition, Origin, PolicyList, Request, RequestKind, UrlView};
//!
//! let policies = PolicyList::parse("default-src 'self'; connect-src https://api.example.com/v1/", Disposition::Enforce);
//! let page = Origin { scheme: "https".into(), host: Some("app.example".into()), port: None };
//! let url = UrlView { scheme: "https", host: Some("api.example.com"), port: None, path: "/v1/items" };
//! let request = Request { url, kind: RequestKind::Fetch, redirected: false };
//! assert!(policies.check(&request, &page).allowed());
//! ```

#![forbid(unsafe_code)]

pub mod decision;
#[cfg(feature = "tools")]
pub mod diff;
#[cfg(feature = "tools")]
pub mod generate;
#[cfg(feature = "tools")]
pub mod hash;
#[cfg(feature = "tools")]
pub mod infer;
pub mod matching;
pub mod policy;
pub mod request;
#[cfg(feature = "tools")]
pub mod scan;
mod text;
pub mod url_view;
#[cfg(feature = "diagnostics")]
pub mod validate;
#[cfg(feature = "tools")]
pub mod widget_meta;

pub use decision::{Decision, PolicyList, Request, Verdict};
pub use policy::{Delivery, Directive, DirectiveName, Disposition, Policy};
pub use request::RequestKind;
pub use url_view::{Origin, UrlView};
