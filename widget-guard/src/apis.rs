//! Privileged browser APIs: which ones a widget may call, by preset and per-API override. The
//! chat hosts' guide forbids `alert`, `confirm`, `prompt` and the clipboard in widgets; `strict`
//! adds everything that reaches the user's devices, data or attention, and the sinks CSP cannot
//! govern (workers, WebRTC, WebTransport, popups).

use crate::config::ConfigError;

/// A privileged API (or family of methods) the guard can block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Api {
    Alert,
    Confirm,
    Prompt,
    /// Every `navigator.clipboard` method.
    Clipboard,
    /// `document.execCommand("copy" | "cut" | "paste")`.
    ExecCommandClipboard,
    Print,
    WindowOpen,
    Geolocation,
    GetUserMedia,
    GetDisplayMedia,
    /// `Notification.requestPermission`.
    Notifications,
    /// `showOpenFilePicker`, `showSaveFilePicker`, `showDirectoryPicker`.
    FilePickers,
    PaymentRequest,
    /// `navigator.credentials`.
    Credentials,
    Usb,
    Bluetooth,
    Serial,
    Hid,
    /// `navigator.requestMIDIAccess`: lists and drives the user's MIDI devices.
    Midi,
    ServiceWorker,
    /// `Worker` and `SharedWorker`: a worker has its own fetch.
    Worker,
    /// `RTCPeerConnection`: CSP does not govern WebRTC.
    WebRtc,
    WebTransport,
}

/// Every API, in the order of their bits.
pub const APIS: [Api; 23] = [
    Api::Alert,
    Api::Confirm,
    Api::Prompt,
    Api::Clipboard,
    Api::ExecCommandClipboard,
    Api::Print,
    Api::WindowOpen,
    Api::Geolocation,
    Api::GetUserMedia,
    Api::GetDisplayMedia,
    Api::Notifications,
    Api::FilePickers,
    Api::PaymentRequest,
    Api::Credentials,
    Api::Usb,
    Api::Bluetooth,
    Api::Serial,
    Api::Hid,
    Api::Midi,
    Api::ServiceWorker,
    Api::Worker,
    Api::WebRtc,
    Api::WebTransport,
];

impl Api {
    /// The name used in options (`allowApis`, `blockApis`), reports and the loader's table.
    pub fn name(self) -> &'static str {
        match self {
            Api::Alert => "alert",
            Api::Confirm => "confirm",
            Api::Prompt => "prompt",
            Api::Clipboard => "clipboard",
            Api::ExecCommandClipboard => "execCommand-clipboard",
            Api::Print => "print",
            Api::WindowOpen => "window-open",
            Api::Geolocation => "geolocation",
            Api::GetUserMedia => "getUserMedia",
            Api::GetDisplayMedia => "getDisplayMedia",
            Api::Notifications => "notifications",
            Api::FilePickers => "file-pickers",
            Api::PaymentRequest => "payment-request",
            Api::Credentials => "credentials",
            Api::Usb => "usb",
            Api::Bluetooth => "bluetooth",
            Api::Serial => "serial",
            Api::Hid => "hid",
            Api::Midi => "midi",
            Api::ServiceWorker => "service-worker",
            Api::Worker => "worker",
            Api::WebRtc => "webrtc",
            Api::WebTransport => "webtransport",
        }
    }

    fn bit(self) -> u32 {
        1 << APIS.iter().position(|&api| api == self).unwrap_or(0)
    }

    fn from_name(name: &str) -> Option<Api> {
        APIS.iter().copied().find(|api| api.name() == name)
    }
}

/// The APIs blocked for one widget.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ApiPolicy {
    blocked: u32,
}

impl ApiPolicy {
    /// A preset (`apps-sdk`, the default, or `strict`) with `allow` and `block` overrides by name.
    pub fn new(preset: &str, allow: &[String], block: &[String]) -> Result<Self, ConfigError> {
        // Workers, WebRTC and WebTransport are blocked by both presets: the guard cannot check
        // what a worker fetches, and does not check WebRTC or WebTransport endpoints.
        let base = [
            Api::Alert,
            Api::Confirm,
            Api::Prompt,
            Api::Clipboard,
            Api::ExecCommandClipboard,
            Api::Worker,
            Api::WebRtc,
            Api::WebTransport,
        ];
        let mut blocked = match preset {
            "apps-sdk" => base.iter().fold(0, |bits, api| bits | api.bit()),
            "strict" => APIS.iter().fold(0, |bits, api| bits | api.bit()),
            _ => return Err(ConfigError::invalid("apis", preset, "\"apps-sdk\" or \"strict\"")),
        };
        for (field, names, set) in [("allowApis", allow, false), ("blockApis", block, true)] {
            for (i, name) in names.iter().enumerate() {
                let api = Api::from_name(name).ok_or_else(|| {
                    let names = crate::joined(APIS.iter().map(|api| api.name()), ", ");
                    ConfigError::invalid(format!("{field}[{i}]"), name, format!("one of {names}"))
                })?;
                if set { blocked |= api.bit() } else { blocked &= !api.bit() }
            }
        }
        Ok(ApiPolicy { blocked })
    }

    /// Whether the widget may not call `api`.
    pub fn blocks(self, api: Api) -> bool {
        self.blocked & api.bit() != 0
    }
}

impl Default for ApiPolicy {
    fn default() -> Self {
        // The apps-sdk preset; it cannot fail.
        ApiPolicy::new("apps-sdk", &[], &[]).unwrap_or(ApiPolicy { blocked: u32::MAX })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_and_overrides() {
        let apps = ApiPolicy::default();
        assert!(apps.blocks(Api::Alert) && apps.blocks(Api::Clipboard) && apps.blocks(Api::Worker));
        assert!(apps.blocks(Api::WebTransport));
        assert!(!apps.blocks(Api::Print) && !apps.blocks(Api::WindowOpen) && !apps.blocks(Api::Geolocation));
        let strict = ApiPolicy::new("strict", &["print".into()], &[]).unwrap();
        assert!(APIS.iter().all(|&api| strict.blocks(api) == (api != Api::Print)));
        let custom = ApiPolicy::new("apps-sdk", &["alert".into()], &["geolocation".into()]).unwrap();
        assert!(!custom.blocks(Api::Alert) && custom.blocks(Api::Geolocation));
    }

    #[test]
    fn unknown_names_and_presets_say_what_exists() {
        let error = ApiPolicy::new("apps-sdk", &[], &["clipbord".into()]).unwrap_err().to_string();
        assert!(error.starts_with("blockApis[0]: got \"clipbord\"; expected one of alert, confirm, "), "{error}");
        assert!(error.ends_with(", webrtc, webtransport"), "{error}");
        assert_eq!(error.matches(", ").count() + 1, APIS.len(), "the error lists every name: {error}");
        assert!(ApiPolicy::new("lenient", &[], &[]).unwrap_err().to_string().starts_with("apis: "));
    }
}
