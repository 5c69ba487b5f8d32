//! Secret-like and PII-like key names: what a JSON key (or `name=` in text) says about its value.

/// What a key name says about the value under it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyClass {
    /// Nothing special.
    Plain,
    /// A password: any non-placeholder value without spaces is a secret.
    Password,
    /// A token/secret/key: values that look random are secrets.
    Token,
    /// A session id or cookie: values that look random are session cookies.
    Session,
    /// The AWS secret access key.
    AwsSecret,
    /// Named by the user in `secretKeys`: every non-empty value is a secret.
    UserSecret,
    /// A phone number field: bare digit strings count.
    Phone,
    /// An SSN field: bare 9-digit strings count.
    Ssn,
}

/// Lowercases ASCII and drops `_`, `-`, `.` and spaces: `client_secret` == `clientSecret`.
pub(crate) fn normalize(key: &str) -> String {
    key.chars().filter(|c| !matches!(c, '_' | '-' | '.' | ' ')).map(|c| c.to_ascii_lowercase()).collect()
}

const PASSWORD: &[&str] = &["password", "passwd", "pwd", "passphrase", "pass", "userpass", "dbpass"];
const AWS_SECRET: &[&str] = &["secretaccesskey", "awssecretkey", "awssecret"];
const SESSION: &[&str] = &[
    "sessionid",
    "sessid",
    "session",
    "sessiontoken",
    "sessionkey",
    "phpsessid",
    "jsessionid",
    "connectsid",
    "aspnetsessionid",
    "sid",
    "cookie",
    "setcookie",
];
const TOKEN: &[&str] = &[
    "token",
    "secret",
    "apikey",
    "apisecret",
    "secretkey",
    "privatekey",
    "accesskey",
    "signingkey",
    "encryptionkey",
    "masterkey",
    "clientsecret",
    "authorization",
    "auth",
    "credential",
    "credentials",
    "connectionstring",
    "connstr",
    "dsn",
    "bearer",
    "xapikey",
    "webhooksecret",
    "authtoken",
];
/// Token-like names that are not secrets in UI data.
const NOT_SECRET: &[&str] = &["pagetoken", "continuationtoken", "synctoken", "cursortoken", "csrftokenname"];
const PHONE: &[&str] = &["phone", "phonenumber", "mobile", "tel", "telephone", "fax", "cell", "cellphone", "msisdn"];
const SSN: &[&str] = &["ssn", "socialsecuritynumber", "socialsecurity"];

/// Classifies a key; `extra` holds the user's normalized secret key names. Allocation-free:
/// every rule is a suffix rule, so the last 64 normalized bytes are enough.
pub(crate) fn classify(key: &str, extra: &[String]) -> KeyClass {
    const N: usize = 64;
    let mut buf = [0u8; N];
    let mut start = N;
    for &c in key.as_bytes().iter().rev() {
        if start == 0 {
            break;
        }
        if !matches!(c, b'_' | b'-' | b'.' | b' ') {
            start -= 1;
            buf[start] = c.to_ascii_lowercase();
        }
    }
    // Do not start inside a multi-byte character cut at the limit.
    while start < N && buf[start] & 0xC0 == 0x80 {
        start += 1;
    }
    classify_normalized(std::str::from_utf8(&buf[start..]).unwrap_or(""), extra)
}

/// [`classify`] on an already normalized key.
pub(crate) fn classify_normalized(k: &str, extra: &[String]) -> KeyClass {
    if k.is_empty() {
        return KeyClass::Plain;
    }
    if extra.iter().any(|e| k.ends_with(e.as_str())) {
        return KeyClass::UserSecret;
    }
    // Words of 5+ letters match as a suffix (`db_password`); shorter ones only whole (`tel` is
    // not `hotel`).
    let ends = |list: &[&str]| list.iter().any(|w| if w.len() >= 5 { k.ends_with(w) } else { k == *w });
    if ends(NOT_SECRET) {
        return KeyClass::Plain;
    }
    if ends(AWS_SECRET) {
        KeyClass::AwsSecret
    } else if ends(PASSWORD) {
        KeyClass::Password
    } else if ends(SESSION) {
        KeyClass::Session
    } else if ends(TOKEN) {
        KeyClass::Token
    } else if ends(PHONE) {
        KeyClass::Phone
    } else if ends(SSN) {
        KeyClass::Ssn
    } else {
        KeyClass::Plain
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert_eq!(classify("passwordHint", &[]), KeyClass::Plain);
        assert_eq!(classify("db_password", &[]), KeyClass::Password);
        assert_eq!(classify("clientSecret", &[]), KeyClass::Token);
        assert_eq!(classify("tokenType", &[]), KeyClass::Plain);
        assert_eq!(classify("nextPageToken", &[]), KeyClass::Plain);
        assert_eq!(classify("AWS_SECRET_ACCESS_KEY", &[]), KeyClass::AwsSecret);
        assert_eq!(classify("sessionId", &[]), KeyClass::Session);
        assert_eq!(classify("phoneNumber", &[]), KeyClass::Phone);
        assert_eq!(classify("key", &[]), KeyClass::Plain);
        assert_eq!(classify("ssoRef", &["ssoref".into()]), KeyClass::UserSecret);
    }
}
