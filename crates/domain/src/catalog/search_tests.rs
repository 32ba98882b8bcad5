//! Search: typo tolerance, prefixes, ranking and entitlements, table by table.

use super::*;

fn doc(id: i64, name: &str, keywords: &[&str], category: &str, summary: &str) -> SearchDoc {
    SearchDoc {
        id,
        name: name.into(),
        keywords: keywords.iter().map(|k| k.to_string()).collect(),
        category: category.into(),
        summary: summary.into(),
        description: String::new(),
    }
}

fn index() -> SearchIndex {
    SearchIndex::build([
        doc(
            1,
            "Laptop",
            &["notebook", "computer"],
            "Hardware",
            "A standard work laptop.",
        ),
        doc(
            2,
            "Docking station",
            &["dock", "usb-c"],
            "Hardware",
            "Connect your laptop to screens.",
        ),
        doc(
            3,
            "VPN access",
            &["remote", "tunnel"],
            "Network",
            "Work from home securely.",
        ),
        doc(
            4,
            "Mobile phone",
            &["smartphone", "iphone"],
            "Hardware",
            "A company phone.",
        ),
        doc(
            5,
            "Shared mailbox",
            &["email", "outlook"],
            "Accounts",
            "A mailbox for a team.",
        ),
        doc(6, "Café badge", &[], "Facilities", "Pay at the staff café."),
        doc(
            7,
            "Payroll change",
            &["salary"],
            "HR",
            "Bank details for your salary.",
        ),
    ])
}

fn ids(q: &str) -> Vec<i64> {
    index()
        .search(q, |_| true, 10)
        .into_iter()
        .map(|h| h.id)
        .collect()
}

#[test]
fn finds_by_name_keyword_prefix_and_typo() {
    let table: [(&str, &[i64]); 14] = [
        ("laptop", &[1, 2]),
        ("Laptop", &[1, 2]),
        ("laptp", &[1, 2]),
        ("lpatop", &[1, 2]),
        ("lap", &[1, 2]),
        ("notebook", &[1]),
        ("notebok", &[1]),
        ("vpn", &[3]),
        ("smartfone", &[4]),
        ("outlook", &[5]),
        ("cafe", &[6]),
        ("I need a new laptop", &[1, 2]),
        ("zzzz", &[]),
        ("", &[]),
    ];
    for (q, expected) in table {
        assert_eq!(ids(q), expected.to_vec(), "{q:?}");
    }
}

#[test]
fn more_matched_words_rank_first() {
    // "laptop dock": the docking station matches both words, the laptop one.
    assert_eq!(ids("laptop dock"), vec![2, 1]);
    // A name hit outranks a summary hit.
    assert_eq!(ids("mailbox")[0], 5);
}

#[test]
fn entitlements_filter_results() {
    let idx = index();
    let hits: Vec<i64> = idx
        .search("laptop", |id| id != 1, 10)
        .into_iter()
        .map(|h| h.id)
        .collect();
    assert_eq!(hits, vec![2]);
    let hits = idx.search("a", |_| true, 10);
    assert!(hits.is_empty(), "stop words alone find nothing");
    assert_eq!(idx.search("hardware", |_| true, 2).len(), 2, "limit holds");
}

#[test]
fn distance_table() {
    let table = [
        ("laptop", "laptop", 2, Some(0)),
        ("laptp", "laptop", 2, Some(1)),
        ("lpatop", "laptop", 1, Some(1)),
        ("kitten", "sitting", 3, Some(3)),
        ("kitten", "sitting", 2, None),
        ("a", "abcd", 1, None),
        ("", "ab", 2, Some(2)),
        // Longer than the stack rows: the heap path gives the same answers.
        (
            "pneumonoultramicroscopicsilicovolcanoconiosis-x",
            "pneumonoultramicroscopicsilicovolcanoconiosis-xy",
            1,
            Some(1),
        ),
    ];
    for (a, b, max, expected) in table {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        assert_eq!(distance_within(&a, &b, max), expected, "{a:?} {b:?}");
    }
}

#[test]
fn words_fold_and_split() {
    assert_eq!(
        words("Café-badge, USB-C!"),
        vec!["cafe", "badge", "usb", "c"]
    );
    assert_eq!(words("  "), Vec::<String>::new());
}
