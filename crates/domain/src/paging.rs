//! Pages of results, the sort order a table asks for, and encoding the query strings that carry
//! them in links.

use serde::{Deserialize, Serialize};

/// Largest page a client may ask for.
pub const MAX_PER_PAGE: u64 = 100;

/// Highest page number a client may ask for: keeps the row offset far from integer overflow in
/// the database driver (10,000 pages of 100 is a million rows; search narrows lists before that).
pub const MAX_PAGE: u64 = 10_000;

/// One page of a longer list.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Number of items across all pages.
    pub total: u64,
    /// 1-based page number.
    pub page: u64,
    pub per_page: u64,
}

impl<T> Page<T> {
    /// Number of pages (at least 1, so an empty list still has a page to show).
    pub fn pages(&self) -> u64 {
        self.total.div_ceil(self.per_page.max(1)).max(1)
    }
}

/// Ascending or descending.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SortDir {
    #[default]
    Asc,
    Desc,
}

impl SortDir {
    /// The other direction: clicking a sorted column header flips it.
    pub fn flip(self) -> Self {
        match self {
            SortDir::Asc => SortDir::Desc,
            SortDir::Desc => SortDir::Asc,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SortDir::Asc => "asc",
            SortDir::Desc => "desc",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "asc" => Some(SortDir::Asc),
            "desc" => Some(SortDir::Desc),
            _ => None,
        }
    }
}

/// Clamps a requested page and page size to sane bounds: 1 ≤ page ≤ [`MAX_PAGE`],
/// 1 ≤ per_page ≤ [`MAX_PER_PAGE`].
pub fn clamp_paging(page: Option<u64>, per_page: Option<u64>, default_per_page: u64) -> (u64, u64) {
    let page = page.unwrap_or(1).clamp(1, MAX_PAGE);
    let per_page = per_page.unwrap_or(default_per_page).clamp(1, MAX_PER_PAGE);
    (page, per_page)
}

/// Percent-encodes one query-string component (`+` for spaces), for links the app builds.
pub fn encode_component(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(b))
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_counts() {
        let cases = [
            (0, 25, 1),
            (1, 25, 1),
            (25, 25, 1),
            (26, 25, 2),
            (100, 10, 10),
        ];
        for (total, per_page, pages) in cases {
            let p: Page<()> = Page {
                items: vec![],
                total,
                page: 1,
                per_page,
            };
            assert_eq!(p.pages(), pages, "{total}/{per_page}");
        }
    }

    #[test]
    fn paging_is_clamped() {
        let cases = [
            ((None, None), (1, 25)),
            ((Some(0), Some(0)), (1, 1)),
            ((Some(3), Some(1000)), (3, MAX_PER_PAGE)),
            ((Some(2), Some(10)), (2, 10)),
            ((Some(u64::MAX), Some(u64::MAX)), (MAX_PAGE, MAX_PER_PAGE)),
        ];
        for ((page, per), expected) in cases {
            assert_eq!(clamp_paging(page, per, 25), expected);
        }
    }

    #[test]
    fn sort_direction_flips_and_parses() {
        assert_eq!(SortDir::Asc.flip(), SortDir::Desc);
        assert_eq!(SortDir::Desc.flip(), SortDir::Asc);
        for d in [SortDir::Asc, SortDir::Desc] {
            assert_eq!(SortDir::parse(d.as_str()), Some(d));
        }
        assert_eq!(SortDir::parse("up"), None);
    }
}
