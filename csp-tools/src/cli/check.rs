//! `csp-tools check`: one request from flags, or many as JSON Lines.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::process::ExitCode;
use std::rc::Rc;

use clap::Args;
use serde::{Deserialize, Serialize};
use url::Url;

use csp_tools::{Decision, Delivery, Disposition, Origin, PolicyList, Request, RequestKind, UrlView};

use super::CliError;

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// An enforced policy (a Content-Security-Policy header value); repeat for several.
    #[arg(long = "policy", value_name = "CSP", required_unless_present = "batch")]
    policies: Vec<String>,
    /// A report-only policy (Content-Security-Policy-Report-Only); repeat for several.
    #[arg(long = "report-only", value_name = "CSP")]
    report_only: Vec<String>,
    /// The URL of the page the policies protect ('self' and scheme-less sources resolve against it).
    #[arg(long, value_name = "URL", required_unless_present = "batch")]
    page: Option<String>,
    /// The URL requested; relative URLs resolve against --page.
    #[arg(long, value_name = "URL", required_unless_present = "batch")]
    url: Option<String>,
    /// What the URL is requested for.
    #[arg(long, default_value = "fetch", value_parser = parse_kind, value_name = "KIND",
          help = format!("What the URL is requested for: {}", RequestKind::names().collect::<Vec<_>>().join(", ")))]
    kind: RequestKind,
    /// The request followed a redirect (source paths are then ignored, as CSP3 requires).
    #[arg(long)]
    redirected: bool,
    /// Print the answer as one JSON object.
    #[arg(long)]
    json: bool,
    /// Read cases as JSON Lines from FILE ('-' for stdin) and answer one JSON line per case.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["policies", "report_only", "page", "url", "json"])]
    batch: Option<String>,
}

fn parse_kind(name: &str) -> Result<RequestKind, String> {
    name.parse().map_err(|error: csp_tools::request::UnknownRequestKind| error.to_string())
}

/// One answer, in the shape `--json` and `--batch` print.
#[derive(Serialize)]
struct Answer<'a> {
    allowed: bool,
    /// The directive that decided (possibly a fallback such as default-src).
    directive: Option<&'a str>,
    /// The source expression that allowed the request.
    matched: Option<&'a str>,
    reason: String,
}

/// One `--batch` input line.
#[derive(Deserialize)]
struct BatchCase<'a> {
    #[serde(borrow)]
    policies: Vec<Cow<'a, str>>,
    #[serde(default, borrow)]
    report_only: Vec<Cow<'a, str>>,
    #[serde(borrow)]
    page: Cow<'a, str>,
    #[serde(borrow)]
    url: Cow<'a, str>,
    #[serde(default, borrow)]
    kind: Option<Cow<'a, str>>,
    #[serde(default)]
    redirected: bool,
}

pub fn run(args: CheckArgs) -> Result<ExitCode, CliError> {
    if let Some(path) = &args.batch {
        return run_batch(path);
    }
    let (Some(page), Some(url)) = (&args.page, &args.url) else {
        return Err(CliError::Usage("--page and --url are required without --batch".into()));
    };
    let policies = policy_list(&args.policies, &args.report_only);
    let page = parse_page(page).map_err(CliError::Usage)?;
    let url = parse_request_url(url, &page).map_err(CliError::Usage)?;
    let origin = Origin::of(&UrlView::from(&page));
    let request = Request { url: UrlView::from(&url), kind: args.kind, redirected: args.redirected };
    let decision = policies.check(&request, &origin);
    let answer = answer(&decision, &request, &origin);
    let mut out = io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut out, &answer).map_err(io::Error::from)?;
        writeln!(out)?;
    } else {
        for (index, policy) in policies.policies.iter().enumerate() {
            for diagnostic in &policy.diagnostics {
                eprintln!("warning: policy #{}: {}", index + 1, diagnostic.message);
            }
        }
        writeln!(out, "{}", answer.reason)?;
    }
    Ok(ExitCode::from(if answer.allowed { 0 } else { 1 }))
}

fn policy_list<S: AsRef<str>>(enforced: &[S], report_only: &[S]) -> PolicyList {
    let mut list = PolicyList::default();
    for policy in enforced {
        list.add(policy.as_ref(), Disposition::Enforce, Delivery::Header);
    }
    for policy in report_only {
        list.add(policy.as_ref(), Disposition::Report, Delivery::Header);
    }
    list
}

fn parse_page(page: &str) -> Result<Url, String> {
    Url::parse(page).map_err(|error| format!("--page '{page}' is not an absolute URL: {error}"))
}

fn parse_request_url(url: &str, page: &Url) -> Result<Url, String> {
    page.join(url).map_err(|error| format!("--url '{url}' is not a URL: {error}"))
}

fn answer<'p>(decision: &Decision<'p>, request: &Request<'_>, origin: &Origin) -> Answer<'p> {
    let deciding = decision.deciding();
    Answer {
        allowed: decision.allowed(),
        directive: deciding.map(|verdict| verdict.directive.name.as_str()),
        matched: deciding.and_then(|verdict| Some(verdict.directive.source_text(verdict.matched?))),
        reason: decision.reason(request, origin),
    }
}

fn run_batch(path: &str) -> Result<ExitCode, CliError> {
    let input: Box<dyn BufRead> = if path == "-" {
        Box::new(io::stdin().lock())
    } else {
        let file = File::open(path).map_err(|source| CliError::Read { path: path.into(), source })?;
        Box::new(BufReader::with_capacity(1 << 16, file))
    };
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let mut checker = BatchChecker::default();
    for line in input.split(b'\n') {
        let line = line.map_err(|source| CliError::Read { path: path.into(), source })?;
        if !line.iter().all(u8::is_ascii_whitespace) {
            checker.answer_line(&line, &mut out)?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The answer to a batch line that is not a valid case.
#[derive(Serialize)]
struct ErrorLine<'a> {
    error: &'a str,
}

/// Answers batch lines, reusing parsed policies and pages across lines (batches repeat them).
#[derive(Default)]
struct BatchChecker {
    policies: HashMap<String, Rc<PolicyList>>,
    pages: HashMap<String, Result<Rc<(Url, Origin)>, String>>,
    /// The previous line's policies, so consecutive lines skip building and hashing the key.
    last: Option<(Vec<String>, Vec<String>, Rc<PolicyList>)>,
}

/// Bound on each cache, so a batch of all-different policies cannot grow memory without limit.
const CACHE_LIMIT: usize = 4096;

/// A batch line, parsed and ready to decide.
struct Prepared {
    policies: Rc<PolicyList>,
    page: Rc<(Url, Origin)>,
    url: Url,
    kind: RequestKind,
    redirected: bool,
}

impl BatchChecker {
    /// Writes the answer to one input line, or `{"error": …}`, and a newline.
    fn answer_line(&mut self, line: &[u8], out: &mut impl Write) -> io::Result<()> {
        match self.prepare(line) {
            Ok(case) => {
                let origin = &case.page.1;
                let request = Request { url: UrlView::from(&case.url), kind: case.kind, redirected: case.redirected };
                let decision = case.policies.check(&request, origin);
                serde_json::to_writer(&mut *out, &answer(&decision, &request, origin))?;
            }
            Err(error) => serde_json::to_writer(&mut *out, &ErrorLine { error: &error })?,
        }
        out.write_all(b"\n")
    }

    fn prepare(&mut self, line: &[u8]) -> Result<Prepared, String> {
        let case: BatchCase = serde_json::from_slice(line).map_err(|error| {
            format!(
                "not a valid case ({error}); expected {{\"policies\": [\"<csp>\"], \"page\": \"<url>\", \
                 \"url\": \"<url>\", \"kind\": \"fetch\"}}"
            )
        })?;
        let kind = match case.kind.as_deref() {
            None => RequestKind::Fetch,
            Some(name) => parse_kind(name)?,
        };
        let page = self.page(&case.page)?;
        let url = parse_request_url(&case.url, &page.0)?;
        Ok(Prepared { policies: self.policy_list(&case), page, url, kind, redirected: case.redirected })
    }

    fn policy_list(&mut self, case: &BatchCase<'_>) -> Rc<PolicyList> {
        if let Some((enforced, report_only, list)) = &self.last
            && enforced.iter().map(String::as_str).eq(case.policies.iter().map(|p| &**p))
            && report_only.iter().map(String::as_str).eq(case.report_only.iter().map(|p| &**p))
        {
            return Rc::clone(list);
        }
        if self.policies.len() >= CACHE_LIMIT {
            self.policies.clear();
        }
        let list = Rc::clone(
            self.policies
                .entry(policies_key(&case.policies, &case.report_only))
                .or_insert_with(|| Rc::new(policy_list(&case.policies, &case.report_only))),
        );
        let owned = |list: &[Cow<'_, str>]| list.iter().map(|p| p.to_string()).collect();
        self.last = Some((owned(&case.policies), owned(&case.report_only), Rc::clone(&list)));
        list
    }

    fn page(&mut self, page: &str) -> Result<Rc<(Url, Origin)>, String> {
        if let Some(cached) = self.pages.get(page) {
            return cached.clone();
        }
        if self.pages.len() >= CACHE_LIMIT {
            self.pages.clear();
        }
        let parsed = parse_page(page).map(|url| {
            let origin = Origin::of(&UrlView::from(&url));
            Rc::new((url, origin))
        });
        self.pages.insert(page.to_owned(), parsed.clone());
        parsed
    }
}

/// An unambiguous cache key for a list of enforced and report-only policies.
fn policies_key(enforced: &[Cow<'_, str>], report_only: &[Cow<'_, str>]) -> String {
    let mut key = String::new();
    for (marker, policy) in enforced.iter().map(|p| ('E', p)).chain(report_only.iter().map(|p| ('R', p))) {
        key.push(marker);
        key.push_str(&policy.len().to_string());
        key.push(':');
        key.push_str(policy);
    }
    key
}
