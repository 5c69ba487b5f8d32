//! Server and framework configuration formats: nginx, Apache, Caddy, Netlify, Vercel, Express.
//! Values are validated upstream (no quotes, `$`, `{` or `;` inside sources), and each format
//! still escapes what its own syntax treats specially.

use serde_json::json;

use super::pretty;
use crate::generate::Generated;

/// A double-quoted string with `"` and `\` escaped (nginx, Apache, Caddy share this rule).
fn quoted(value: &str) -> String {
    format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
}

/// nginx: `add_header … always;` lines for a `server` or `location` block.
pub fn nginx(generated: &Generated) -> String {
    let mut out = String::from("# In a server or location block. 'always' also sends the header on error responses.\n");
    for (name, value) in generated.headers() {
        out.push_str(&format!("add_header {name} {} always;\n", quoted(&value)));
    }
    out
}

/// Apache: `Header always set` lines (needs mod_headers). `%` starts a format specifier there.
pub fn apache(generated: &Generated) -> String {
    let mut out = String::from("# Needs mod_headers (a2enmod headers). In a VirtualHost, Directory or .htaccess.\n");
    for (name, value) in generated.headers() {
        out.push_str(&format!("Header always set {name} {}\n", quoted(&value.replace('%', "%%"))));
    }
    out
}

/// Caddy: a `header` directive block for a site block of a Caddyfile.
pub fn caddy(generated: &Generated) -> String {
    let mut out = String::from("# In a Caddyfile site block.\nheader {\n");
    for (name, value) in generated.headers() {
        out.push_str(&format!("\t{name} {}\n", quoted(&value)));
    }
    out.push_str("}\n");
    out
}

/// Netlify: a `_headers` file rule for every path.
pub fn netlify(generated: &Generated) -> String {
    let mut out = String::from("/*\n");
    for (name, value) in generated.headers() {
        out.push_str(&format!("  {name}: {value}\n"));
    }
    out
}

/// Vercel: a `vercel.json` with one `headers` rule for every path.
pub fn vercel(generated: &Generated) -> String {
    let headers: Vec<_> =
        generated.headers().into_iter().map(|(key, value)| json!({"key": key, "value": value})).collect();
    pretty(&json!({ "headers": [ { "source": "/(.*)", "headers": headers } ] }))
}

/// Express: helmet's `contentSecurityPolicy` options (camelCase directive names, arrays of sources).
pub fn express(generated: &Generated) -> String {
    let mut out = String::from(
        "// Express + helmet: app.use(helmet.contentSecurityPolicy(cspOptions));\n\
         // useDefaults: false, so exactly these directives are sent.\n\
         const cspOptions = {\n  useDefaults: false,\n",
    );
    out.push_str(&format!("  reportOnly: {},\n  directives: {{\n", generated.spec.report_only));
    for directive in &generated.directives {
        let sources: Vec<String> =
            directive.sources.iter().map(|s| serde_json::Value::from(s.as_str()).to_string()).collect();
        out.push_str(&format!("    {}: [{}],\n", camel_case(directive.name), sources.join(", ")));
    }
    out.push_str("  },\n};\n");
    for (name, value) in generated.headers().into_iter().skip(1) {
        out.push_str(&format!(
            "// Also send: res.setHeader({}, {});\n",
            serde_json::Value::from(name),
            serde_json::Value::from(value)
        ));
    }
    out.push_str("module.exports = { cspOptions };\n");
    out
}

/// `script-src` → `scriptSrc`, as helmet's directive keys are usually written.
fn camel_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '-' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}
