//! Splits a URL that the browser has already parsed and serialized (`URL.href`, `Request.url`)
//! into the view the engine matches. No parsing decision is made here: the browser's URL parser,
//! the one `fetch` itself uses, did that, and its serialization has one unambiguous shape
//! (WHATWG URL §4.5 "URL serializer"): `scheme ":" ["//" [userinfo "@"] host [":" port]] path
//! ["?" query] ["#" fragment]`, where userinfo, path and query percent-encode `@ / ? #`.

use csp_tools::UrlView;

/// A string that is not a URL serialized by a WHATWG URL parser.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("not a serialized URL ({0})")]
pub struct HrefError(&'static str);

/// The scheme, host, port and path of a serialized URL; query, fragment and userinfo are dropped.
pub fn split_href(href: &str) -> Result<UrlView<'_>, HrefError> {
    let end = href.find(['?', '#']).unwrap_or(href.len());
    let href = &href[..end];
    let (scheme, rest) = href.split_once(':').ok_or(HrefError("no scheme"))?;
    let valid_scheme = scheme.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
        && scheme.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"+-.".contains(&b));
    if !valid_scheme {
        return Err(HrefError("the scheme is not lowercase ASCII"));
    }
    let Some(after_slashes) = rest.strip_prefix("//") else {
        // No authority: `data:…`, `blob:https://…`, `about:blank`, `mailto:…`.
        return Ok(UrlView { scheme, host: None, port: None, path: rest });
    };
    let (authority, path) = after_slashes.split_at(after_slashes.find('/').unwrap_or(after_slashes.len()));
    let host_and_port = authority.rsplit_once('@').map_or(authority, |(_userinfo, host)| host);
    let (host, port) = split_port(host_and_port)?;
    let host = (!host.is_empty()).then_some(host);
    Ok(UrlView { scheme, host, port, path })
}

/// `host[:port]`, where an IPv6 host is in brackets and may contain colons.
fn split_port(host_and_port: &str) -> Result<(&str, Option<u16>), HrefError> {
    let port_colon = match host_and_port.rfind(']') {
        Some(close) => host_and_port[close..].find(':').map(|i| close + i),
        None => host_and_port.rfind(':'),
    };
    let Some(colon) = port_colon else { return Ok((host_and_port, None)) };
    let port = host_and_port[colon + 1..].parse::<u16>().map_err(|_| HrefError("the port is not a number"))?;
    Ok((&host_and_port[..colon], Some(port)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(href: &str) -> (&str, Option<&str>, Option<u16>, &str) {
        let v = split_href(href).unwrap();
        (v.scheme, v.host, v.port, v.path)
    }

    #[test]
    fn splits_every_serialized_shape() {
        assert_eq!(view("https://api.example.com/v1/x?q=1#f"), ("https", Some("api.example.com"), None, "/v1/x"));
        assert_eq!(view("https://u:p%40@api.example.com:8443/"), ("https", Some("api.example.com"), Some(8443), "/"));
        assert_eq!(view("http://[::1]:8080/a"), ("http", Some("[::1]"), Some(8080), "/a"));
        assert_eq!(view("http://[::1]/a"), ("http", Some("[::1]"), None, "/a"));
        assert_eq!(view("wss://127.0.0.1"), ("wss", Some("127.0.0.1"), None, ""));
        assert_eq!(view("file:///etc/passwd"), ("file", None, None, "/etc/passwd"));
        assert_eq!(view("data:text/plain,hi?x"), ("data", None, None, "text/plain,hi"));
        assert_eq!(view("blob:https://a.example/uuid"), ("blob", None, None, "https://a.example/uuid"));
        assert_eq!(view("foo://host:1/p"), ("foo", Some("host"), Some(1), "/p"));
    }

    #[test]
    fn refuses_what_a_url_parser_never_serializes() {
        for bad in ["", "no-scheme", "HTTPS://upper.example/", "1http://x/", "https://h:99999/", "https://h:x/"] {
            assert!(split_href(bad).is_err(), "{bad}");
        }
    }
}
