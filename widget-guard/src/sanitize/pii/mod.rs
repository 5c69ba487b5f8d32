//! PII detectors: email, phone, payment card, IBAN, US SSN, IP addresses.

pub(crate) mod card;
mod email;
mod iban;
pub(crate) mod ip;
pub(crate) mod phone;
pub(crate) mod ssn;

use super::Categories;
use super::scan::Hit;
use super::text::word_start;

/// Runs every enabled PII detector that can start at byte `i`.
pub(crate) fn at(b: &[u8], i: usize, cats: &Categories, hits: &mut Vec<Hit>) {
    let c = b[i];
    match c {
        b'@' if cats.email => hits.extend(email::at(b, i)),
        b'+' if cats.phone => hits.extend(phone::international(b, i)),
        b'(' if cats.phone => hits.extend(phone::nanp(b, i)),
        _ => {}
    }
    if !word_start(b, i) {
        return;
    }
    if c.is_ascii_digit() {
        let found = (if cats.card { card::at(b, i) } else { None })
            .or_else(|| if cats.ssn { ssn::at(b, i) } else { None })
            .or_else(|| if cats.phone { phone::nanp(b, i) } else { None })
            .or_else(|| if cats.ip { ip::v4(b, i) } else { None });
        if let Some(h) = found {
            hits.push(h);
            return;
        }
    }
    if cats.ip
        && c.is_ascii_hexdigit()
        && let Some(h) = ip::v6(b, i)
    {
        hits.push(h);
        return;
    }
    if cats.iban && c.is_ascii_uppercase() {
        hits.extend(iban::at(b, i));
    }
}
