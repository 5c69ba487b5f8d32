//! The directive names the engine understands, and what CSP3 says about each.

use serde::Serialize;

/// A directive this engine knows. Unknown names parse fine but are ignored for enforcement, as
/// browsers ignore them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(into = "&'static str")]
pub enum DirectiveName {
    BaseUri,
    BlockAllMixedContent,
    ChildSrc,
    ConnectSrc,
    DefaultSrc,
    FencedFrameSrc,
    FontSrc,
    FormAction,
    FrameAncestors,
    FrameSrc,
    ImgSrc,
    ManifestSrc,
    MediaSrc,
    ObjectSrc,
    ReportTo,
    ReportUri,
    RequireTrustedTypesFor,
    Sandbox,
    ScriptSrc,
    ScriptSrcAttr,
    ScriptSrcElem,
    StyleSrc,
    StyleSrcAttr,
    StyleSrcElem,
    TrustedTypes,
    UpgradeInsecureRequests,
    WorkerSrc,
}

use DirectiveName::*;

// The parser claims each name with one bit of a u32.
const _: () = assert!(ALL.len() <= u32::BITS as usize);

const ALL: [(DirectiveName, &str); 27] = [
    (BaseUri, "base-uri"),
    (BlockAllMixedContent, "block-all-mixed-content"),
    (ChildSrc, "child-src"),
    (ConnectSrc, "connect-src"),
    (DefaultSrc, "default-src"),
    (FencedFrameSrc, "fenced-frame-src"),
    (FontSrc, "font-src"),
    (FormAction, "form-action"),
    (FrameAncestors, "frame-ancestors"),
    (FrameSrc, "frame-src"),
    (ImgSrc, "img-src"),
    (ManifestSrc, "manifest-src"),
    (MediaSrc, "media-src"),
    (ObjectSrc, "object-src"),
    (ReportTo, "report-to"),
    (ReportUri, "report-uri"),
    (RequireTrustedTypesFor, "require-trusted-types-for"),
    (Sandbox, "sandbox"),
    (ScriptSrc, "script-src"),
    (ScriptSrcAttr, "script-src-attr"),
    (ScriptSrcElem, "script-src-elem"),
    (StyleSrc, "style-src"),
    (StyleSrcAttr, "style-src-attr"),
    (StyleSrcElem, "style-src-elem"),
    (TrustedTypes, "trusted-types"),
    (UpgradeInsecureRequests, "upgrade-insecure-requests"),
    (WorkerSrc, "worker-src"),
];

impl DirectiveName {
    /// Looks a directive up by name, ASCII case-insensitively (CSP3 §2.2.1 step 3.4).
    pub fn from_name(name: &str) -> Option<Self> {
        ALL.iter().find(|(_, text)| text.eq_ignore_ascii_case(name)).map(|(directive, _)| *directive)
    }

    /// The directive's name as it is written in a policy.
    pub fn as_str(self) -> &'static str {
        ALL.iter().find(|(directive, _)| *directive == self).map_or("", |(_, text)| text)
    }

    /// Whether the directive's value is a source list (CSP3 §2.3.1), rather than tokens of its own.
    pub fn takes_source_list(self) -> bool {
        !matches!(
            self,
            BlockAllMixedContent
                | ReportTo
                | ReportUri
                | RequireTrustedTypesFor
                | Sandbox
                | TrustedTypes
                | UpgradeInsecureRequests
        )
    }

    /// CSP3 §3.3: a policy delivered in `<meta>` ignores frame-ancestors, report-uri and sandbox.
    pub fn ignored_in_meta(self) -> bool {
        matches!(self, FrameAncestors | ReportUri | Sandbox)
    }

    /// Directives that have no report-only form (CSP3 §3.2; Chromium ignores them there).
    pub fn ignored_in_report_only(self) -> bool {
        matches!(self, Sandbox | UpgradeInsecureRequests)
    }

    /// CSP3 §6.8.3 "Get fetch directive fallback list": the directive itself, then what it falls
    /// back to, most specific first. Empty for directives that never fall back (form-action…).
    pub fn fallback_list(self) -> &'static [DirectiveName] {
        match self {
            ScriptSrcElem => &[ScriptSrcElem, ScriptSrc, DefaultSrc],
            ScriptSrcAttr => &[ScriptSrcAttr, ScriptSrc, DefaultSrc],
            StyleSrcElem => &[StyleSrcElem, StyleSrc, DefaultSrc],
            StyleSrcAttr => &[StyleSrcAttr, StyleSrc, DefaultSrc],
            WorkerSrc => &[WorkerSrc, ChildSrc, ScriptSrc, DefaultSrc],
            ConnectSrc => &[ConnectSrc, DefaultSrc],
            ManifestSrc => &[ManifestSrc, DefaultSrc],
            ObjectSrc => &[ObjectSrc, DefaultSrc],
            FrameSrc => &[FrameSrc, ChildSrc, DefaultSrc],
            // Chromium: fenced frames fall back through frame-src.
            FencedFrameSrc => &[FencedFrameSrc, FrameSrc, ChildSrc, DefaultSrc],
            MediaSrc => &[MediaSrc, DefaultSrc],
            FontSrc => &[FontSrc, DefaultSrc],
            ImgSrc => &[ImgSrc, DefaultSrc],
            BaseUri => &[BaseUri],
            FormAction => &[FormAction],
            FrameAncestors => &[FrameAncestors],
            _ => &[],
        }
    }
}

impl From<DirectiveName> for &'static str {
    fn from(name: DirectiveName) -> Self {
        name.as_str()
    }
}

impl std::fmt::Display for DirectiveName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_ignore_case() {
        for (directive, text) in ALL {
            assert_eq!(DirectiveName::from_name(text), Some(directive));
            assert_eq!(DirectiveName::from_name(&text.to_ascii_uppercase()), Some(directive));
            assert_eq!(directive.as_str(), text);
        }
        assert_eq!(DirectiveName::from_name("navigate-to"), None);
    }

    #[test]
    fn fallback_lists_start_with_the_directive_itself() {
        for (directive, _) in ALL {
            let list = directive.fallback_list();
            assert!(list.is_empty() || list[0] == directive, "{directive}");
        }
    }
}
