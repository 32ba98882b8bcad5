//! Request forms as data. A catalog item carries a [`FormSchema`]; the requester's [`Answers`]
//! are checked by [`FormSchema::validate`], the same code in the browser (WASM) and on the server.
//!
//! Conditional visibility: a field may be shown only when another field has a given answer. A
//! hidden field is neither validated nor kept, and a field that depends on a hidden field is
//! hidden too, so chains of conditions behave as people expect.

use crate::ids::UserId;
use crate::users::FieldErrors;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What kind of input a field is, with its own rules.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FieldKind {
    Text {
        /// At most this many characters (up to 100,000).
        #[serde(default, deserialize_with = "at_most::<_, _, MAX_LEN>")]
        #[cfg_attr(feature = "openapi", schema(maximum = 100_000))]
        max_len: Option<usize>,
        /// A regular expression the whole answer must match (`[A-Z]{2}[0-9]{4}`).
        #[serde(default)]
        pattern: Option<String>,
        /// What the pattern asks for, in words ("two letters and four digits").
        #[serde(default)]
        pattern_hint: Option<String>,
    },
    LongText {
        /// At most this many characters (up to 100,000).
        #[serde(default, deserialize_with = "at_most::<_, _, MAX_LEN>")]
        #[cfg_attr(feature = "openapi", schema(maximum = 100_000))]
        max_len: Option<usize>,
    },
    Number {
        min: Option<f64>,
        max: Option<f64>,
        integer: bool,
    },
    /// Dates relative to the day of the request (e.g. "not before tomorrow, within 90 days").
    Date {
        min_days_ahead: Option<i64>,
        max_days_ahead: Option<i64>,
    },
    Select {
        options: Vec<String>,
    },
    MultiSelect {
        options: Vec<String>,
        /// At least this many choices (up to 1,000).
        #[serde(default, deserialize_with = "at_most::<_, _, MAX_CHOICES>")]
        #[cfg_attr(feature = "openapi", schema(maximum = 1_000))]
        min: Option<usize>,
        /// At most this many choices (up to 1,000).
        #[serde(default, deserialize_with = "at_most::<_, _, MAX_CHOICES>")]
        #[cfg_attr(feature = "openapi", schema(maximum = 1_000))]
        max: Option<usize>,
    },
    Checkbox,
    /// A person of the organisation.
    UserPicker,
    /// A configuration item; the CMDB issue fills in what may be picked.
    CiPicker,
    /// A note asking for an attachment to be added to the request afterwards.
    AttachmentNote,
}

/// The largest `max_len` a text field may set (the schema states the same bound).
const MAX_LEN: u64 = 100_000;
/// The largest `min`/`max` of a several-choices field.
const MAX_CHOICES: u64 = 1_000;

/// Reads an optional whole number and refuses one above `MAX`, so a definition cannot carry a
/// bound no answer could ever reach (and the documented schema is what the server accepts).
pub(crate) fn at_most<'de, D, T, const MAX: u64>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de> + Copy + std::fmt::Display + TryInto<u64>,
{
    match Option::<T>::deserialize(d)? {
        Some(n) if n.try_into().map_or(true, |n: u64| n > MAX) => Err(serde::de::Error::custom(
            format!("{n} is too large: at most {MAX}"),
        )),
        v => Ok(v),
    }
}

/// Shows a field only when another field has this answer.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShowWhen {
    pub field: String,
    pub equals: Answer,
}

/// One field of a request form.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormField {
    /// Stable key of the answer (`cost_centre`).
    pub key: String,
    pub label: String,
    #[serde(default)]
    pub help: Option<String>,
    #[serde(default)]
    pub required: bool,
    pub kind: FieldKind,
    #[serde(default)]
    pub default: Option<Answer>,
    #[serde(default)]
    pub show_when: Option<ShowWhen>,
}

/// One answer.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Answer {
    Text(String),
    Number(f64),
    Date(NaiveDate),
    Choice(String),
    Choices(Vec<String>),
    Bool(bool),
    User(UserId),
}

/// Answers by field key.
pub type Answers = BTreeMap<String, Answer>;

/// A request form: fields in display order.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FormSchema {
    pub fields: Vec<FormField>,
}

impl FormField {
    fn is_empty(answer: Option<&Answer>) -> bool {
        match answer {
            None => true,
            Some(Answer::Text(t) | Answer::Choice(t)) => t.trim().is_empty(),
            Some(Answer::Choices(c)) => c.is_empty(),
            Some(Answer::Bool(b)) => !b,
            Some(_) => false,
        }
    }

    /// Checks one visible field's answer; `None` when it is fine.
    fn check(&self, answer: Option<&Answer>, today: NaiveDate) -> Option<String> {
        if Self::is_empty(answer) {
            return self.required.then(|| match self.kind {
                FieldKind::Checkbox => "Tick this box to continue.".to_string(),
                _ => format!("{} is required.", self.label),
            });
        }
        let wrong = || Some(format!("{} has an answer of the wrong kind.", self.label));
        match (&self.kind, answer?) {
            (
                FieldKind::Text {
                    max_len,
                    pattern,
                    pattern_hint,
                },
                Answer::Text(t),
            ) => too_long(*max_len, t).or_else(|| {
                let re = compile_pattern(pattern.as_deref()?)?;
                (!re.is_match(t.trim())).then(|| match pattern_hint {
                    Some(h) if !h.trim().is_empty() => format!("Enter {}.", h.trim()),
                    _ => format!("{} is not in the expected format.", self.label),
                })
            }),
            (FieldKind::LongText { max_len }, Answer::Text(t)) => too_long(*max_len, t),
            (FieldKind::Number { min, max, integer }, Answer::Number(n)) => {
                if !n.is_finite() || (*integer && n.fract() != 0.0) {
                    Some(if *integer {
                        "Enter a whole number.".into()
                    } else {
                        "Enter a number.".into()
                    })
                } else if let Some(lo) = min.filter(|lo| n < lo) {
                    Some(format!("The smallest allowed is {lo}."))
                } else {
                    max.filter(|hi| n > hi)
                        .map(|hi| format!("The largest allowed is {hi}."))
                }
            }
            (
                FieldKind::Date {
                    min_days_ahead,
                    max_days_ahead,
                },
                Answer::Date(d),
            ) => {
                let ahead = (*d - today).num_days();
                if let Some(lo) = min_days_ahead.filter(|lo| ahead < *lo) {
                    Some(match lo {
                        0 => "Choose today or a later day.".to_string(),
                        1 => "Choose tomorrow or a later day.".to_string(),
                        n => format!("Choose a day at least {n} days from today."),
                    })
                } else {
                    max_days_ahead
                        .filter(|hi| ahead > *hi)
                        .map(|hi| format!("Choose a day within {hi} days from today."))
                }
            }
            (FieldKind::Select { options }, Answer::Choice(c)) => {
                (!options.contains(c)).then(|| format!("'{c}' is not one of the choices."))
            }
            (FieldKind::MultiSelect { options, min, max }, Answer::Choices(cs)) => {
                if let Some(bad) = cs.iter().find(|c| !options.contains(c)) {
                    Some(format!("'{bad}' is not one of the choices."))
                } else if let Some(lo) = min.filter(|lo| cs.len() < *lo) {
                    Some(format!("Choose at least {lo}."))
                } else {
                    max.filter(|hi| cs.len() > *hi)
                        .map(|hi| format!("Choose at most {hi}."))
                }
            }
            (FieldKind::Checkbox, Answer::Bool(_)) | (FieldKind::UserPicker, Answer::User(_)) => {
                None
            }
            (FieldKind::CiPicker | FieldKind::AttachmentNote, Answer::Text(_)) => None,
            _ => wrong(),
        }
    }
}

fn too_long(max_len: Option<usize>, t: &str) -> Option<String> {
    max_len
        .filter(|m| t.trim().chars().count() > *m)
        .map(|m| format!("Use at most {m} characters."))
}

/// A field's pattern as a whole-answer regular expression; `None` when it does not compile.
pub fn compile_pattern(pattern: &str) -> Option<regex_lite::Regex> {
    regex_lite::Regex::new(&format!("^(?:{pattern})$")).ok()
}

impl FormSchema {
    /// The answers with defaults filled in for fields the requester has not touched.
    pub fn with_defaults(&self, answers: &Answers) -> Answers {
        let mut out = answers.clone();
        for f in &self.fields {
            if let (Some(d), false) = (&f.default, out.contains_key(&f.key)) {
                out.insert(f.key.clone(), d.clone());
            }
        }
        out
    }

    /// Whether field `key` is shown for these answers (following chains of conditions).
    pub fn is_visible(&self, key: &str, answers: &Answers) -> bool {
        let mut seen = Vec::new();
        let mut current = key;
        loop {
            let Some(field) = self.fields.iter().find(|f| f.key == current) else {
                return false;
            };
            let Some(cond) = &field.show_when else {
                return true;
            };
            if seen.contains(&current) || answers.get(&cond.field) != Some(&cond.equals) {
                return false;
            }
            seen.push(current);
            current = &cond.field;
        }
    }

    /// The fields shown for these answers, in order.
    pub fn visible_fields<'a>(&'a self, answers: &Answers) -> Vec<&'a FormField> {
        self.fields
            .iter()
            .filter(|f| self.is_visible(&f.key, answers))
            .collect()
    }

    /// Checks every visible field; returns the answers to keep (visible fields only) or every
    /// problem at once, by field key.
    pub fn validate(&self, answers: &Answers, today: NaiveDate) -> Result<Answers, FieldErrors> {
        let mut errors = FieldErrors::default();
        let mut kept = Answers::new();
        for f in self.visible_fields(answers) {
            let a = answers.get(&f.key);
            match f.check(a, today) {
                Some(msg) => errors.add(&f.key, msg),
                None => {
                    if let Some(a) = a.filter(|a| !FormField::is_empty(Some(a))) {
                        kept.insert(f.key.clone(), a.clone());
                    }
                }
            }
        }
        errors.into_result().map(|()| kept)
    }
}

#[cfg(test)]
#[path = "form_tests.rs"]
mod tests;
