//! CI classes (their definitions and their attributes' checks), a CI's common fields, and the
//! history lines of an edit.

use super::ci::*;
use super::class::*;
use super::model::{CiStatus, Criticality, Environment};
use crate::catalog::{Answer, Answers, FieldKind, FormField, FormSchema};
use crate::ids::GroupId;
use chrono::NaiveDate;

fn field(key: &str, label: &str, required: bool, kind: FieldKind) -> FormField {
    FormField {
        key: key.into(),
        label: label.into(),
        help: None,
        required,
        kind,
        default: None,
        show_when: None,
    }
}

fn server() -> CiClassDef {
    CiClassDef {
        key: "server".into(),
        name: "Server".into(),
        description: "Physical servers in our data centres.".into(),
        icon: "server".into(),
        kind: ClassKind::Hardware,
        attributes: FormSchema {
            fields: vec![
                field(
                    "cpu_count",
                    "CPU count",
                    true,
                    FieldKind::Number {
                        min: Some(1.0),
                        max: Some(512.0),
                        integer: true,
                    },
                ),
                field(
                    "memory_gb",
                    "Memory (GB)",
                    false,
                    FieldKind::Number {
                        min: Some(1.0),
                        max: None,
                        integer: false,
                    },
                ),
                field(
                    "os",
                    "Operating system",
                    true,
                    FieldKind::Select {
                        options: vec!["Linux".into(), "Windows Server".into()],
                    },
                ),
            ],
        },
    }
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 7).expect("a valid date")
}

#[test]
fn class_definitions_are_checked_by_place() {
    assert_eq!(server().validate(), Ok(()));
    type Case = (&'static str, fn(&mut CiClassDef), &'static str);
    let cases: Vec<Case> = vec![
        ("bad key", |c| c.key = "Server Class".into(), "key"),
        ("no name", |c| c.name = "  ".into(), "name"),
        ("unknown icon", |c| c.icon = "rocket".into(), "icon"),
        (
            "an attribute takes a common field's key",
            |c| c.attributes.fields[1].key = "status".into(),
            "attributes.1.key",
        ),
        (
            "two attributes share a key",
            |c| c.attributes.fields[2].key = "cpu_count".into(),
            "attributes.2.key",
        ),
        (
            "a choice list with an empty choice",
            |c| {
                c.attributes.fields[2].kind = FieldKind::Select {
                    options: vec!["Linux".into(), " ".into()],
                }
            },
            "attributes.2.options",
        ),
    ];
    for (what, change, place) in cases {
        let mut class = server();
        change(&mut class);
        let errors = class.validate().expect_err(what);
        assert!(errors.get(place).is_some(), "{what}: {errors:?}");
    }
}

#[test]
fn attribute_values_are_checked_like_form_answers() {
    let class = server();
    let values = |pairs: Vec<(&str, Answer)>| -> Answers {
        pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
    };
    let good = values(vec![
        ("cpu_count", Answer::Number(16.0)),
        ("os", Answer::Choice("Linux".into())),
    ]);
    assert_eq!(class.check_attributes(&good, today()), Ok(good.clone()));
    let bad = values(vec![
        ("cpu_count", Answer::Number(2.5)),
        ("memory_gb", Answer::Text("lots".into())),
        ("os", Answer::Choice("BeOS".into())),
    ]);
    let errors = class
        .check_attributes(&bad, today())
        .expect_err("three problems");
    for key in ["cpu_count", "memory_gb", "os"] {
        assert!(errors.get(key).is_some(), "{key}: {errors:?}");
    }
    let missing = class
        .check_attributes(&Answers::new(), today())
        .expect_err("required attributes");
    assert_eq!(missing.get("cpu_count"), Some("CPU count is required."));
}

fn fields() -> CiFields {
    CiFields {
        name: "db-payroll-01".into(),
        status: CiStatus::InUse,
        environment: Environment::Production,
        criticality: Criticality::new(2).expect("1 to 4"),
        owner_group: Some(GroupId(3)),
        location: "Frankfurt DC1".into(),
        tags: vec!["payroll".into()],
        description: String::new(),
        attributes: Answers::new(),
    }
}

#[test]
fn common_fields_are_tidied_or_refused() {
    let mut f = fields();
    f.name = "  db-payroll-01 ".into();
    f.tags = vec!["SAP".into(), " Payroll".into(), "payroll".into(), "".into()];
    let tidy = f.tidy().expect("fine once tidied");
    assert_eq!(tidy.name, "db-payroll-01");
    // Sorted, as the database reads them back: an edit that keeps them leaves no history line.
    assert_eq!(tidy.tags, vec!["payroll".to_string(), "sap".to_string()]);

    type Case = (&'static str, fn(&mut CiFields), &'static str);
    let cases: Vec<Case> = vec![
        ("empty name", |f| f.name = " ".into(), "name"),
        ("long name", |f| f.name = "x".repeat(121), "name"),
        ("long tag", |f| f.tags = vec!["t".repeat(41)], "tags"),
        (
            "too many tags",
            |f| f.tags = (0..21).map(|i| format!("t{i}")).collect(),
            "tags",
        ),
        (
            "long location",
            |f| f.location = "l".repeat(121),
            "location",
        ),
    ];
    for (what, change, place) in cases {
        let mut f = fields();
        change(&mut f);
        let errors = f.tidy().expect_err(what);
        assert!(errors.get(place).is_some(), "{what}: {errors:?}");
    }
}

#[test]
fn an_edit_lists_what_changed_in_words() {
    let group = |g: GroupId| format!("Group {}", g.0);
    let old = fields();
    assert!(changes(&old, &old, group).is_empty(), "no change, no line");
    let mut new = fields();
    new.status = CiStatus::Maintenance;
    new.criticality = Criticality::MISSION_CRITICAL;
    new.owner_group = None;
    new.tags.clear();
    new.description = "Moved to the new SAN.".into();
    new.attributes
        .insert("memory_gb".into(), Answer::Number(256.0));
    let got = changes(&old, &new, group);
    let line = |f: &str, o: Option<&str>, n: Option<&str>| FieldChange {
        field: f.into(),
        old: o.map(Into::into),
        new: n.map(Into::into),
    };
    assert_eq!(
        got,
        vec![
            line("status", Some("In use"), Some("In maintenance")),
            line(
                "criticality",
                Some("2 (High)"),
                Some("1 (Mission critical)")
            ),
            line("owner_group", Some("Group 3"), None),
            line("tags", Some("payroll"), None),
            line("description", None, Some("(new text)")),
            line("attributes.memory_gb", None, Some("256")),
        ]
    );
}

#[test]
fn attribute_values_read_as_words() {
    let d = NaiveDate::from_ymd_opt(2027, 3, 1).expect("a valid date");
    for (a, text) in [
        (Answer::Number(4.0), "4"),
        (Answer::Number(2.5), "2.5"),
        (Answer::Bool(true), "Yes"),
        (Answer::Date(d), "1 Mar 2027"),
        (Answer::Choices(vec!["a".into(), "b".into()]), "a, b"),
    ] {
        assert_eq!(answer_text(&a), text);
    }
}
