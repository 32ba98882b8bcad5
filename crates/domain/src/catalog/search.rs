//! Catalog search: an in-memory index over item names, keywords, category, summary and
//! description that forgives typos ("laptp" finds "Laptop") and matches as you type (prefixes).
//!
//! Ranking: items matching more of the query's words come first, then by score (a name hit
//! weighs more than a keyword, a keyword more than the summary, the summary more than the
//! description; an exact word more than a prefix, a prefix more than a typo), then the shorter
//! name (the more specific match), then by name.
//! Entitlements stay outside: the caller passes which items the viewer may see.

use std::collections::HashMap;

/// The text of one item as the index reads it.
#[derive(Debug, Clone, Default)]
pub struct SearchDoc {
    pub id: i64,
    pub name: String,
    pub keywords: Vec<String>,
    pub category: String,
    pub summary: String,
    pub description: String,
}

/// One result.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub id: i64,
    /// How many of the query's words matched.
    pub matched: usize,
    pub score: f32,
}

const NAME: f32 = 8.0;
const KEYWORD: f32 = 6.0;
const CATEGORY: f32 = 3.0;
const SUMMARY: f32 = 3.0;
const DESCRIPTION: f32 = 1.0;

/// Words that say nothing about what someone wants.
const STOP_WORDS: [&str; 22] = [
    "a", "an", "the", "i", "me", "my", "we", "need", "want", "for", "to", "of", "and", "or", "in",
    "on", "with", "please", "get", "can", "is", "it",
];

/// An index over a set of items.
#[derive(Debug, Default)]
pub struct SearchIndex {
    ids: Vec<i64>,
    names: Vec<String>,
    /// Every distinct word, as characters.
    vocab: Vec<Vec<char>>,
    /// Per word: (item index, best field weight) pairs.
    postings: Vec<Vec<(u32, f32)>>,
}

/// Lower-cases, folds common accents and splits into words.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                cur.push(fold(l));
            }
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn fold(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        other => other,
    }
}

/// Edit distance with adjacent transpositions, or `None` when above `max`.
pub fn distance_within(a: &[char], b: &[char], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    // Three rows of the table; on the stack for words of ordinary length (this runs for every
    // word of the index on every search).
    const STACK: usize = 48;
    let m = b.len();
    if m < STACK {
        let mut rows = [[0usize; STACK]; 3];
        let [r0, r1, r2] = &mut rows;
        osa(a, b, max, &mut r0[..=m], &mut r1[..=m], &mut r2[..=m])
    } else {
        let (mut r0, mut r1, mut r2) = (vec![0; m + 1], vec![0; m + 1], vec![0; m + 1]);
        osa(a, b, max, &mut r0, &mut r1, &mut r2)
    }
}

/// Optimal string alignment distance over three caller-provided rows of `b.len() + 1` cells.
fn osa<'r>(
    a: &[char],
    b: &[char],
    max: usize,
    mut prev2: &'r mut [usize],
    mut prev: &'r mut [usize],
    mut cur: &'r mut [usize],
) -> Option<usize> {
    let (n, m) = (a.len(), b.len());
    for (j, cell) in prev.iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=n {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    Some(prev[m]).filter(|d| *d <= max)
}

/// How many typos a query word of this length may carry.
fn allowed_typos(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// How well query word `q` matches index word `t` (0 when it does not).
fn match_score(q: &[char], t: &[char]) -> f32 {
    if q == t {
        return 1.0;
    }
    if q.len() >= 2 && t.starts_with(q) {
        return 0.8;
    }
    let k = allowed_typos(q.len());
    if k == 0 {
        return 0.0;
    }
    if distance_within(q, t, k).is_some() {
        return 0.6;
    }
    // A typo in a word still being typed: compare with the start of the index word.
    if t.len() > q.len() && distance_within(q, &t[..q.len()], k).is_some() {
        return 0.5;
    }
    0.0
}

impl SearchIndex {
    /// Builds the index.
    pub fn build(docs: impl IntoIterator<Item = SearchDoc>) -> Self {
        let mut by_word: HashMap<String, HashMap<u32, f32>> = HashMap::new();
        let mut ids = Vec::new();
        let mut names = Vec::new();
        for (i, doc) in docs.into_iter().enumerate() {
            let i = i as u32;
            let mut add = |text: &str, weight: f32| {
                for w in words(text) {
                    let slot = by_word.entry(w).or_default().entry(i).or_insert(0.0);
                    *slot = slot.max(weight);
                }
            };
            add(&doc.name, NAME);
            for k in &doc.keywords {
                add(k, KEYWORD);
            }
            add(&doc.category, CATEGORY);
            add(&doc.summary, SUMMARY);
            add(&doc.description, DESCRIPTION);
            ids.push(doc.id);
            names.push(doc.name.to_lowercase());
        }
        let mut vocab: Vec<(String, HashMap<u32, f32>)> = by_word.into_iter().collect();
        vocab.sort_by(|a, b| a.0.cmp(&b.0));
        let (vocab, postings) = vocab
            .into_iter()
            .map(|(w, p)| {
                let mut p: Vec<(u32, f32)> = p.into_iter().collect();
                p.sort_by_key(|(d, _)| *d);
                (w.chars().collect::<Vec<char>>(), p)
            })
            .unzip();
        SearchIndex {
            ids,
            names,
            vocab,
            postings,
        }
    }

    /// How many items the index holds.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The best `limit` items for `query` among those `visible` admits.
    pub fn search(&self, query: &str, visible: impl Fn(i64) -> bool, limit: usize) -> Vec<Hit> {
        let mut terms: Vec<String> = words(query)
            .into_iter()
            .filter(|w| !STOP_WORDS.contains(&w.as_str()))
            .collect();
        terms.dedup();
        if terms.is_empty() {
            return Vec::new();
        }
        let mut acc: HashMap<u32, (usize, f32)> = HashMap::new();
        for term in &terms {
            let q: Vec<char> = term.chars().collect();
            let mut best: HashMap<u32, f32> = HashMap::new();
            for (t, postings) in self.vocab.iter().zip(&self.postings) {
                let m = match_score(&q, t);
                if m == 0.0 {
                    continue;
                }
                for (doc, weight) in postings {
                    let slot = best.entry(*doc).or_insert(0.0);
                    *slot = slot.max(m * weight);
                }
            }
            for (doc, s) in best {
                let e = acc.entry(doc).or_insert((0, 0.0));
                e.0 += 1;
                e.1 += s;
            }
        }
        let mut hits: Vec<(u32, usize, f32)> = acc
            .into_iter()
            .filter(|(doc, _)| visible(self.ids[*doc as usize]))
            .map(|(doc, (matched, score))| (doc, matched, score))
            .collect();
        hits.sort_by(|a, b| {
            b.1.cmp(&a.1).then(b.2.total_cmp(&a.2)).then_with(|| {
                // The shorter name is the more specific match.
                let (na, nb) = (&self.names[a.0 as usize], &self.names[b.0 as usize]);
                na.len().cmp(&nb.len()).then_with(|| na.cmp(nb))
            })
        });
        hits.truncate(limit);
        hits.into_iter()
            .map(|(doc, matched, score)| Hit {
                id: self.ids[doc as usize],
                matched,
                score,
            })
            .collect()
    }
}

#[cfg(test)]
#[path = "search_tests.rs"]
mod tests;
