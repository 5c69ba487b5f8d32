//! The sinks: every way a widget can send something out (requests, navigations, privileged API
//! calls, host-bridge calls), and the numbers the loader uses for them.

use csp_tools::RequestKind;

use crate::apis::{APIS, Api};

/// Where a request comes from; the loader wraps one JavaScript API per sink.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sink {
    Fetch,
    Xhr,
    WebSocket,
    EventSource,
    Beacon,
    /// `<a ping>` hyperlink auditing.
    Ping,
    Worker,
    WebRtc,
    WindowOpen,
    FormSubmit,
    /// A navigation of the widget's own frame (`location`, links), seen through the Navigation API.
    Navigation,
    /// A fetch answered with a redirect that its allow rule does not let it follow.
    Redirect,
    /// A call to a privileged API (`alert`, `navigator.clipboard`…).
    Api(Api),
    /// `window.openai.callTool` (the tool name travels as the method).
    ToolCall,
    /// A tool call whose tool is annotated destructive (`destructiveHint`).
    DestructiveToolCall,
    /// The user declined a destructive tool call.
    ToolDeclined,
    /// `window.openai.sendFollowUpMessage`.
    FollowUp,
    /// `window.openai.openExternal`, checked against the redirects list.
    OpenExternal,
}

/// The sinks that are not API calls; the loader numbers every sink, these first, then [`Sink::all`]'s APIs.
const CORE_SINKS: [Sink; 17] = [
    Sink::Fetch,
    Sink::Xhr,
    Sink::WebSocket,
    Sink::EventSource,
    Sink::Beacon,
    Sink::Ping,
    Sink::Worker,
    Sink::WebRtc,
    Sink::WindowOpen,
    Sink::FormSubmit,
    Sink::Navigation,
    Sink::Redirect,
    Sink::ToolCall,
    Sink::DestructiveToolCall,
    Sink::ToolDeclined,
    Sink::FollowUp,
    Sink::OpenExternal,
];

impl Sink {
    /// Every sink, in the order the loader numbers them: requests, then privileged API calls
    /// (except those that are request sinks themselves: window.open, workers, WebRTC).
    pub fn all() -> impl Iterator<Item = Sink> {
        let calls = APIS.into_iter().filter(|api| !matches!(api, Api::WindowOpen | Api::Worker | Api::WebRtc));
        CORE_SINKS.into_iter().chain(calls.map(Sink::Api))
    }

    /// The sink the loader numbers `index`.
    pub fn from_index(index: usize) -> Option<Sink> {
        Sink::all().nth(index)
    }

    /// The name used in reports, events and the loader's table.
    pub fn name(self) -> &'static str {
        match self {
            Sink::Fetch => "fetch",
            Sink::Xhr => "xhr",
            Sink::WebSocket => "websocket",
            Sink::EventSource => "eventsource",
            Sink::Beacon => "beacon",
            Sink::Ping => "ping",
            Sink::Worker => "worker",
            Sink::WebRtc => "webrtc",
            Sink::WindowOpen => "window-open",
            Sink::FormSubmit => "form-submit",
            Sink::Navigation => "navigation",
            Sink::Redirect => "redirect",
            Sink::Api(api) => api.name(),
            Sink::ToolCall => "tool-call",
            Sink::DestructiveToolCall => "destructive-tool-call",
            Sink::ToolDeclined => "tool-declined",
            Sink::FollowUp => "follow-up",
            Sink::OpenExternal => "open-external",
        }
    }

    /// Whether this sink is a call over the host bridge, decided by [`Guard::decide_tool`].
    pub fn is_tool_call(self) -> bool {
        matches!(self, Sink::ToolCall | Sink::DestructiveToolCall | Sink::ToolDeclined | Sink::FollowUp)
    }

    /// The CSP request kind for sinks CSP governs (connect-src and worker-src).
    pub(crate) fn request_kind(self) -> Option<RequestKind> {
        Some(match self {
            Sink::Fetch => RequestKind::Fetch,
            Sink::Xhr => RequestKind::Xhr,
            Sink::WebSocket => RequestKind::WebSocket,
            Sink::EventSource => RequestKind::EventSource,
            Sink::Beacon | Sink::Ping => RequestKind::Beacon,
            Sink::Redirect => RequestKind::Fetch,
            Sink::Worker => RequestKind::Worker,
            _ => return None,
        })
    }
}
