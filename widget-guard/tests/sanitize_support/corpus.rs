//! A labelled corpus of widget-like JSON: planted secrets and PII of every kind (under
//! suggestive keys, under neutral keys, inside free text) and clean UI data including the
//! false-positive bait (UUIDs, digests, data: URLs, i18n keys, CSS classes, timestamps, hints,
//! order numbers, numeric ids, pagination cursors). Deterministic for a given seed.

use widget_guard::sanitize::Kind;

/// A tiny deterministic PRNG (xorshift64*).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
    pub fn chars(&mut self, alphabet: &[u8], n: usize) -> String {
        (0..n).map(|_| char::from(*self.pick(alphabet))).collect()
    }
    pub fn digits(&mut self, n: usize) -> String {
        self.chars(b"0123456789", n)
    }
}

pub const B62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
pub const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
pub const B64URL: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
pub const HEX: &[u8] = b"0123456789abcdef";
pub const B32: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

fn b64(data: &[u8], alphabet: &[u8], pad: bool) -> String {
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |a, (k, &x)| a | (u32::from(x) << (16 - 8 * k)));
        for k in 0..=chunk.len() {
            out.push(char::from(alphabet[((n >> (18 - 6 * k)) & 63) as usize]));
        }
        if pad {
            for _ in chunk.len()..3 {
                out.push('=');
            }
        }
    }
    out
}

pub fn crc32(data: &[u8]) -> u32 {
    let mut c = !0u32;
    for &x in data {
        c ^= u32::from(x);
        for _ in 0..8 {
            c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
        }
    }
    !c
}

fn base62_6(mut n: u32) -> String {
    let mut out = [b'0'; 6];
    for slot in out.iter_mut().rev() {
        *slot = B62[(n % 62) as usize];
        n /= 62;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn luhn_complete(mut digits: Vec<u8>) -> String {
    digits.push(0);
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(k, &x)| {
            let x = u32::from(x);
            if k % 2 == 1 { if x * 2 > 9 { x * 2 - 9 } else { x * 2 } } else { x }
        })
        .sum();
    let last = digits.len() - 1;
    digits[last] = ((10 - sum % 10) % 10) as u8;
    digits.iter().map(|d| char::from(b'0' + d)).collect()
}

fn iban_for(country: &str, bban: &str) -> String {
    let rearranged = format!("{bban}{country}00");
    let mut r: u32 = 0;
    for c in rearranged.bytes() {
        let v = if c.is_ascii_digit() { u32::from(c - b'0') } else { u32::from(c - b'A') + 10 };
        r = if v < 10 { (r * 10 + v) % 97 } else { (r * 100 + v) % 97 };
    }
    format!("{country}{:02}{bban}", 98 - r)
}

/// One planted item: the full value, the part that must disappear, and its kind.
pub struct Planted {
    pub kind: Kind,
    /// The string as it is put into the document.
    pub value: String,
    /// The secret part that must not survive sanitizing.
    pub secret: String,
    /// A key that suggests what it is.
    pub key: &'static str,
}

fn p(kind: Kind, key: &'static str, value: String, secret: String) -> Planted {
    Planted { kind, value, secret, key }
}

/// Generates one planted item of `kind`.
pub fn plant(r: &mut Rng, kind: Kind) -> Planted {
    use Kind::*;
    match kind {
        AwsAccessKeyId => {
            let v = format!("{}{}", r.pick(&["AKIA", "ASIA"]), r.chars(B32, 16));
            p(kind, "awsAccessKeyId", v.clone(), v)
        }
        AwsSecretAccessKey => {
            let s = r.chars(B64, 40);
            p(kind, "aws_secret_access_key", s.clone(), s)
        }
        GithubToken => {
            let v = if r.below(3) == 0 {
                format!("github_pat_{}_{}", r.chars(B62, 22), r.chars(B62, 59))
            } else {
                let body = r.chars(B62, 30);
                format!(
                    "{}{body}{}",
                    r.pick(&["ghp_", "gho_", "ghs_", "ghu_", "ghr_"]),
                    base62_6(crc32(body.as_bytes()))
                )
            };
            p(kind, "githubToken", v.clone(), v)
        }
        GitlabToken => {
            let v = format!("glpat-{}", r.chars(B64URL, 20));
            p(kind, "gitlabToken", v.clone(), v)
        }
        SlackToken => {
            let v = format!("{}{}-{}-{}", r.pick(&["xoxb-", "xoxp-"]), r.digits(12), r.digits(13), r.chars(B62, 24));
            p(kind, "slackBotToken", v.clone(), v)
        }
        StripeKey => {
            let v = format!("{}{}", r.pick(&["sk_live_", "rk_live_", "sk_test_"]), {
                let n = 24 + r.below(75);
                r.chars(B62, n)
            });
            p(kind, "stripeSecretKey", v.clone(), v)
        }
        OpenaiKey => {
            let v = if r.below(2) == 0 {
                format!("sk-{}T3BlbkFJ{}", r.chars(B62, 20), r.chars(B62, 20))
            } else {
                format!("sk-proj-{}T3BlbkFJ{}", r.chars(B64URL, 74), r.chars(B64URL, 74))
            };
            p(kind, "openaiApiKey", v.clone(), v)
        }
        AnthropicKey => {
            let v = format!("sk-ant-api03-{}AA", r.chars(B64URL, 93));
            p(kind, "anthropicApiKey", v.clone(), v)
        }
        GoogleApiKey => {
            let v = format!("AIza{}", r.chars(B64URL, 35));
            p(kind, "googleMapsKey", v.clone(), v)
        }
        TwilioKey => {
            let v = format!("{}{}", r.pick(&["SK", "AC"]), r.chars(HEX, 32));
            p(kind, "twilioSid", v.clone(), v)
        }
        SendgridKey => {
            let v = format!("SG.{}.{}", r.chars(B64URL, 22), r.chars(B64URL, 43));
            p(kind, "sendgridKey", v.clone(), v)
        }
        NpmToken => {
            let body = r.chars(B62, 30);
            let v = format!("npm_{body}{}", base62_6(crc32(body.as_bytes())));
            p(kind, "npmToken", v.clone(), v)
        }
        PypiToken => {
            let v = format!("pypi-AgEIcHlwaS5vcmc{}", {
                let n = 60 + r.below(100);
                r.chars(B64URL, n)
            });
            p(kind, "pypiToken", v.clone(), v)
        }
        ShopifyToken => {
            let v = format!("{}{}", r.pick(&["shpat_", "shpss_", "shpca_"]), r.chars(HEX, 32));
            p(kind, "shopifyAccessToken", v.clone(), v)
        }
        AzureKey => {
            let bytes: Vec<u8> = (0..64).map(|_| r.next() as u8).collect();
            let key = b64(&bytes, B64, true);
            let v = format!(
                "DefaultEndpointsProtocol=https;AccountName=store{};AccountKey={key};EndpointSuffix=core.windows.net",
                r.digits(4)
            );
            p(kind, "storageConnectionString", v, key)
        }
        Jwt => {
            let header = b64(br#"{"alg":"RS256","typ":"JWT","kid":"k1"}"#, B64URL, false);
            let payload = format!(r#"{{"sub":"{}","iat":{},"scope":"read write"}}"#, r.digits(8), r.digits(10));
            let v = format!("{header}.{}.{}", b64(payload.as_bytes(), B64URL, false), {
                let n = 43 + r.below(300);
                r.chars(B64URL, n)
            });
            p(kind, "idToken", v.clone(), v)
        }
        PrivateKey => {
            let nl = if r.below(2) == 0 { "\n" } else { "\\n" };
            let label = r.pick(&["RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY"]);
            let body: Vec<String> = (0..4 + r.below(8)).map(|_| r.chars(B64, 64)).collect();
            let v = format!("-----BEGIN {label}-----{nl}{}{nl}-----END {label}-----", body.join(nl));
            p(kind, "privateKey", v, body[0].clone())
        }
        UrlCredentials => {
            let pw = {
                let n = 8 + r.below(16);
                r.chars(B62, n)
            };
            let scheme = r.pick(&["postgres", "postgresql", "mysql", "mongodb", "mongodb+srv", "redis", "amqp"]);
            let v = format!("{scheme}://app_user:{pw}@db{}.internal.example.com:5432/app", r.digits(2));
            p(kind, "databaseUrl", v, pw)
        }
        Authorization => {
            if r.below(2) == 0 {
                let t = {
                    let n = 32 + r.below(16);
                    r.chars(B62, n)
                };
                p(kind, "authorization", format!("Bearer {t}"), t)
            } else {
                let t = b64(format!("user{}:{}", r.digits(3), r.chars(B62, 12)).as_bytes(), B64, true);
                p(kind, "authorization", format!("Basic {t}"), t)
            }
        }
        SessionCookie => {
            let t = r.chars(B62, 32);
            let name = r.pick(&["sessionid", "JSESSIONID", "PHPSESSID", "connect.sid", "_session_id"]);
            p(kind, "cookie", format!("{name}={t}; theme=dark; lang=en"), t)
        }
        GenericSecret => {
            if r.below(2) == 0 {
                let pw = format!(
                    "{}{}!",
                    {
                        let n = 6 + r.below(8);
                        r.chars(B62, n)
                    },
                    r.digits(2)
                );
                p(kind, "password", pw.clone(), pw)
            } else {
                let t = {
                    let n = 24 + r.below(24);
                    r.chars(B62, n)
                };
                p(kind, "clientSecret", t.clone(), t)
            }
        }
        Email => {
            let v = format!(
                "{}.{}{}@{}",
                r.pick(&["jane", "omar", "li", "maria", "k"]),
                r.pick(&["doe", "smith", "zhang", "garcia"]),
                r.digits(2),
                r.pick(&["example.com", "mail.example.org", "corp.example.co.uk"])
            );
            p(kind, "email", v.clone(), v)
        }
        Phone => {
            let v = match r.below(3) {
                0 => format!("+1 ({}{}) 555-{}", r.below(8) + 2, r.digits(2), r.digits(4)),
                1 => format!("+44 20 {} {}", r.digits(4), r.digits(4)),
                _ => format!("{}{}-555-{}", r.below(8) + 2, r.digits(2), r.digits(4)),
            };
            p(kind, "phone", v.clone(), v)
        }
        Card => {
            let (prefix, len): (&str, usize) = *r.pick(&[
                ("4", 16),
                ("51", 16),
                ("2221", 16),
                ("34", 15),
                ("37", 15),
                ("6011", 16),
                ("3530", 16),
                ("36", 14),
            ]);
            let mut d: Vec<u8> = prefix.bytes().map(|c| c - b'0').collect();
            while d.len() < len - 1 {
                d.push(r.below(10) as u8);
            }
            let n = luhn_complete(d);
            let v = if r.below(2) == 0 {
                n.clone()
            } else {
                n.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join(" ")
            };
            p(kind, "cardNumber", v.clone(), v)
        }
        Iban => {
            let v = match r.below(3) {
                0 => iban_for("DE", &r.digits(18)),
                1 => iban_for("GB", &format!("{}{}", r.pick(&["WEST", "NWBK", "BARC"]), r.digits(14))),
                _ => iban_for("FR", &r.digits(23)),
            };
            p(kind, "iban", v.clone(), v)
        }
        Ssn => {
            let area = loop {
                let a = 1 + r.below(899);
                if a != 666 {
                    break a;
                }
            };
            let v = format!("{area:03}-{:02}-{:04}", 1 + r.below(99), 1 + r.below(9999));
            p(kind, "ssn", v.clone(), v)
        }
        IpAddress => {
            let v = if r.below(2) == 0 {
                // 127/8 is loopback, which the detector skips on purpose.
                let first = match 11 + r.below(180) {
                    127 => 128,
                    n => n,
                };
                format!("{first}.{}.{}.{}", r.below(256), r.below(256), 1 + r.below(254))
            } else {
                format!("2001:db8:{:x}:{:x}::{:x}", r.below(65535), r.below(65535), 1 + r.below(65534))
            };
            p(kind, "clientIp", v.clone(), v)
        }
    }
}

/// Free-text templates an item is embedded into (`{}` = the item).
pub const TEXT: &[&str] = &[
    "Deploy failed for {} at step 3, retrying",
    "config: {}",
    "Please contact {} if the problem persists.",
    "[2024-05-01T10:22:31Z] INFO request ok value={} took=12ms",
    "note from support\n{}\nthanks",
];

/// Neutral keys (say nothing about the value).
pub const NEUTRAL_KEYS: &[&str] = &["value", "data", "text", "note", "field7", "content"];

/// A clean UI string with the key it naturally lives under.
pub fn clean(r: &mut Rng) -> (&'static str, String) {
    match r.below(22) {
        0 => (
            "id",
            format!(
                "{}-{}-4{}-a{}-{}",
                r.chars(HEX, 8),
                r.chars(HEX, 4),
                r.chars(HEX, 3),
                r.chars(HEX, 3),
                r.chars(HEX, 12)
            ),
        ),
        1 => ("sha256", r.chars(HEX, 64)),
        2 => ("etag", {
            let n = *r.pick(&[32, 40]);
            r.chars(HEX, n)
        }),
        3 => {
            let bytes: Vec<u8> = (0..60 + r.below(600)).map(|_| r.next() as u8).collect();
            ("avatar", format!("data:image/{};base64,{}", r.pick(&["png", "jpeg", "webp"]), b64(&bytes, B64, true)))
        }
        4 => (
            "labelKey",
            format!(
                "{}.{}.{}",
                r.pick(&["checkout", "auth", "profile"]),
                r.pick(&["button", "form", "token_expired"]),
                r.pick(&["label", "title", "password_hint"])
            ),
        ),
        5 => (
            "className",
            format!(
                "btn btn-{} sk-{} px-{} md:flex",
                r.pick(&["primary", "ghost"]),
                r.pick(&["spinner", "loading"]),
                r.below(8)
            ),
        ),
        6 => (
            "createdAt",
            format!(
                "20{:02}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
                10 + r.below(20),
                1 + r.below(12),
                1 + r.below(28),
                r.below(24),
                r.below(60),
                r.below(60),
                r.below(1000)
            ),
        ),
        7 => (
            "passwordHint",
            (*r.pick(&[
                "Use at least 12 characters",
                "Must contain a digit and a symbol",
                "Forgot your password? Reset it",
            ]))
            .to_string(),
        ),
        8 => ("orderNumber", format!("{}-{}-{}", r.pick(&["ORD", "INV", "PO"]), 2020 + r.below(6), r.digits(6))),
        9 => ("userId", {
            let n = 1 + r.below(12);
            r.digits(n)
        }),
        10 => ("nextPageToken", {
            let n = 24 + r.below(40);
            r.chars(B64URL, n)
        }),
        11 => (
            "updatedAt",
            format!(
                "20{:02}-{:02}-{:02}T{:02}:{:02}:{:02}+0{}:30",
                10 + r.below(20),
                1 + r.below(12),
                1 + r.below(28),
                r.below(24),
                r.below(60),
                r.below(60),
                r.below(9)
            ),
        ),
        12 => ("price", format!("${}.{:02}", r.below(5000), r.below(100))),
        13 => ("url", format!("https://cdn.example.com/img/{}.png?w={}&h={}", r.digits(6), r.below(800), r.below(800))),
        14 => ("version", format!("{}.{}.{}", r.below(20), r.below(40), r.below(100))),
        15 => ("color", format!("#{}", r.chars(HEX, 6))),
        16 => (
            "title",
            (*r.pick(&[
                "Your order has shipped",
                "Token usage this month",
                "Session expired, please sign in again",
                "Reset password",
                "API key settings",
            ]))
            .to_string(),
        ),
        17 => ("duration", format!("{:02}:{:02}:{:02}", r.below(24), r.below(60), r.below(60))),
        18 => ("trackingNumber", format!("1Z{}", r.chars(b"0123456789ABCDEFGHJKLMNPRSTUVWXYZ", 16))),
        19 => (
            "snowflake",
            format!("1{}", {
                let n = 17 + r.below(2);
                r.digits(n)
            }),
        ),
        20 => ("tokenType", "Bearer".to_string()),
        _ => ("commit", r.chars(HEX, 40)),
    }
}

/// Kinds whose detector depends on a suggestive key (not found under neutral keys or in text).
pub fn needs_key(kind: Kind) -> bool {
    matches!(kind, Kind::AwsSecretAccessKey | Kind::GenericSecret)
}
