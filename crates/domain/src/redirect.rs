//! Where a browser may be sent after signing in: the `next` parameter, reduced to a path on this
//! site or `/`.
//!
//! Browsers parse a `Location` leniently (the WHATWG URL rules): they drop leading and trailing
//! control characters and spaces, remove tabs and newlines anywhere, and read a backslash as a
//! slash. So `/\t/evil.example` and `/\evil.example` both lead to another site. The parameter is
//! normalised the same way first; what remains must be a path that starts with one `/`, and it is
//! percent-encoded where a header could not carry it, so the answer is always a valid `Location`.

/// Where to go after signing in: `next` as a path on this site, or `/` when it is empty, leads
/// elsewhere, holds control characters, or points back at the sign-in page.
pub fn safe_next(next: &str) -> String {
    local_path(next).unwrap_or_else(|| "/".to_string())
}

fn local_path(next: &str) -> Option<String> {
    let trimmed = next.trim_matches(|c: char| c <= ' ');
    let cleaned: String = trimmed
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .map(|c| if c == '\\' { '/' } else { c })
        .collect();
    if !cleaned.starts_with('/') || cleaned.starts_with("//") {
        return None;
    }
    if cleaned.chars().any(|c| c.is_control()) {
        return None;
    }
    let path_end = cleaned.find(['?', '#']).unwrap_or(cleaned.len());
    let path = &cleaned[..path_end];
    if path == "/login" || path.starts_with("/login/") {
        return None;
    }
    Some(encode(&cleaned))
}

/// Percent-encodes what a header value or a URL path cannot hold as it is: spaces, quotes, angle
/// brackets, backticks and every non-ASCII character (as UTF-8 bytes).
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_graphic() && !matches!(c, '"' | '<' | '>' | '`') {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_on_this_site() {
        let cases = [
            // Kept.
            ("/admin/users", "/admin/users"),
            ("/catalog?q=laptop", "/catalog?q=laptop"),
            ("/tickets/INC0001042#reply", "/tickets/INC0001042#reply"),
            (
                "/boards?view=incident%3Astate",
                "/boards?view=incident%3Astate",
            ),
            ("  /admin ", "/admin"),
            ("/ad\tmin\n", "/admin"),
            ("/login-help", "/login-help"),
            ("/catalog?next=/login", "/catalog?next=/login"),
            // Encoded so the header stays valid.
            ("/catalog?q=new laptop", "/catalog?q=new%20laptop"),
            ("/catalog?q=café", "/catalog?q=caf%C3%A9"),
            ("/x\"<script>", "/x%22%3Cscript%3E"),
            // Another site, however it is written.
            ("", "/"),
            ("https://evil.example", "/"),
            ("//evil.example", "/"),
            ("///evil.example", "/"),
            ("/\\evil.example", "/"),
            ("\\\\evil.example", "/"),
            ("\\/evil.example", "/"),
            ("/\t/evil.example", "/"),
            ("/\n/evil.example", "/"),
            ("/\r\n/evil.example", "/"),
            (" //evil.example", "/"),
            ("\u{0}//evil.example", "/"),
            ("\u{1f}/\\evil.example", "/"),
            ("http:/evil.example", "/"),
            ("javascript:alert(1)", "/"),
            ("evil.example", "/"),
            // Control characters inside are refused, never a broken header.
            ("/a\u{0}b", "/"),
            ("/a\u{7f}b", "/"),
            ("/a\u{85}b", "/"),
            // Not back to the sign-in page.
            ("/login", "/"),
            ("/login?next=/admin", "/"),
            ("/login/", "/"),
        ];
        for (input, expected) in cases {
            assert_eq!(safe_next(input), expected, "{input:?}");
        }
    }

    #[test]
    fn answers_are_always_header_safe() {
        for input in [
            "/é\u{7}",
            "/\u{2028}x",
            "/😀",
            "/a b\tc",
            "/%0d%0aSet-Cookie:x",
        ] {
            let out = safe_next(input);
            assert!(
                out.bytes().all(|b| b.is_ascii_graphic()),
                "{input:?} → {out:?}"
            );
            assert!(out.starts_with('/') && !out.starts_with("//"), "{out}");
        }
    }
}
