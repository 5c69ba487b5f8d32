//! Azure storage account keys and shared access keys inside connection strings
//! (`AccountKey=<base64 of 64 bytes>`, `SharedAccessKey=<base64 of 32 bytes>`).

use crate::sanitize::scan::Hit;
use crate::sanitize::text::{b64_decode, b64std, has_at, run};
use crate::sanitize::{Confidence, Kind};

/// The key value after `AccountKey=` or `SharedAccessKey=` at `i`.
pub(crate) fn at(b: &[u8], i: usize) -> Option<Hit> {
    let (s, want) = if has_at(b, i, b"AccountKey=") {
        (i + 11, 64)
    } else if has_at(b, i, b"SharedAccessKey=") {
        (i + 16, 32)
    } else {
        return None;
    };
    let e = run(b, run(b, s, b64std), |c| c == b'=');
    let decoded = b64_decode(&b[s..e])?;
    (decoded.len() == want).then(|| Hit::new(s, e, Kind::AzureKey, Confidence::High))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_key() {
        let key = "A".repeat(86) + "==";
        let s = format!("AccountKey={key};EndpointSuffix=core.windows.net");
        let h = at(s.as_bytes(), 0).unwrap();
        assert_eq!(&s[h.start..h.end], key);
        assert!(at(b"AccountKey=short==", 0).is_none());
    }
}
