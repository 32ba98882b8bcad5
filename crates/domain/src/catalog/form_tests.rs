//! Form validation and conditional visibility, table by table.

use super::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn field(key: &str, kind: FieldKind, required: bool) -> FormField {
    FormField {
        key: key.into(),
        label: key.replace('_', " "),
        help: None,
        required,
        kind,
        default: None,
        show_when: None,
    }
}

fn text(max_len: Option<usize>, pattern: Option<&str>) -> FieldKind {
    FieldKind::Text {
        max_len,
        pattern: pattern.map(String::from),
        pattern_hint: pattern.map(|_| "a cost centre like CC-1234".to_string()),
    }
}

/// A laptop request: model, a reason only for the "Developer" model, a date, accessories.
fn laptop_form() -> FormSchema {
    let mut reason = field("reason", FieldKind::LongText { max_len: Some(200) }, true);
    reason.show_when = Some(ShowWhen {
        field: "model".into(),
        equals: Answer::Choice("Developer".into()),
    });
    let mut gpu = field("gpu", FieldKind::Checkbox, false);
    gpu.show_when = Some(ShowWhen {
        field: "reason".into(),
        equals: Answer::Text("ML".into()),
    });
    let mut model = field(
        "model",
        FieldKind::Select {
            options: vec!["Standard".into(), "Developer".into()],
        },
        true,
    );
    model.default = Some(Answer::Choice("Standard".into()));
    FormSchema {
        fields: vec![
            model,
            reason,
            gpu,
            field(
                "needed_by",
                FieldKind::Date {
                    min_days_ahead: Some(1),
                    max_days_ahead: Some(90),
                },
                true,
            ),
            field(
                "monitors",
                FieldKind::Number {
                    min: Some(0.0),
                    max: Some(2.0),
                    integer: true,
                },
                false,
            ),
            field(
                "extras",
                FieldKind::MultiSelect {
                    options: vec!["Mouse".into(), "Dock".into()],
                    min: None,
                    max: Some(1),
                },
                false,
            ),
            field("for_user", FieldKind::UserPicker, false),
            field("accept_policy", FieldKind::Checkbox, true),
        ],
    }
}

/// (answers or changes to them, field keys expected)
type Case = (Vec<(&'static str, Answer)>, Vec<&'static str>);

fn answers(pairs: &[(&str, Answer)]) -> Answers {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

fn base() -> Vec<(&'static str, Answer)> {
    vec![
        ("model", Answer::Choice("Standard".into())),
        (
            "needed_by",
            Answer::Date(today() + chrono::Duration::days(5)),
        ),
        ("accept_policy", Answer::Bool(true)),
    ]
}

#[test]
fn validation_table() {
    let d = |n: i64| Answer::Date(today() + chrono::Duration::days(n));
    // (changes to the base answers, fields expected to be wrong)
    let table: Vec<Case> = vec![
        (vec![], vec![]),
        (vec![("needed_by", d(0))], vec!["needed_by"]),
        (vec![("needed_by", d(91))], vec!["needed_by"]),
        (vec![("needed_by", d(90))], vec![]),
        (vec![("monitors", Answer::Number(3.0))], vec!["monitors"]),
        (vec![("monitors", Answer::Number(1.5))], vec!["monitors"]),
        (vec![("monitors", Answer::Number(-1.0))], vec!["monitors"]),
        (vec![("monitors", Answer::Number(2.0))], vec![]),
        (
            vec![("monitors", Answer::Text("two".into()))],
            vec!["monitors"],
        ),
        (
            vec![(
                "extras",
                Answer::Choices(vec!["Mouse".into(), "Dock".into()]),
            )],
            vec!["extras"],
        ),
        (
            vec![("extras", Answer::Choices(vec!["Tablet".into()]))],
            vec!["extras"],
        ),
        (
            vec![("model", Answer::Choice("Gaming".into()))],
            vec!["model"],
        ),
        (
            vec![("model", Answer::Choice(String::new()))],
            vec!["model"],
        ),
        (
            vec![("accept_policy", Answer::Bool(false))],
            vec!["accept_policy"],
        ),
        (vec![("for_user", Answer::User(UserId(7)))], vec![]),
        // The reason is required only when it is shown.
        (
            vec![("model", Answer::Choice("Developer".into()))],
            vec!["reason"],
        ),
        (
            vec![
                ("model", Answer::Choice("Developer".into())),
                ("reason", Answer::Text("x".repeat(201))),
            ],
            vec!["reason"],
        ),
        (
            vec![
                ("model", Answer::Choice("Developer".into())),
                ("reason", Answer::Text("Builds".into())),
            ],
            vec![],
        ),
    ];
    for (changes, wrong) in table {
        let mut a = answers(&base());
        for (k, v) in &changes {
            a.insert(k.to_string(), v.clone());
        }
        let got: Vec<String> = laptop_form()
            .validate(&a, today())
            .err()
            .map(|e| e.0.into_iter().map(|f| f.field).collect())
            .unwrap_or_default();
        assert_eq!(got, wrong, "{changes:?}");
    }
}

#[test]
fn messages_are_plain() {
    let mut a = answers(&base());
    a.insert("needed_by".into(), Answer::Date(today()));
    a.remove("accept_policy");
    let e = laptop_form().validate(&a, today()).unwrap_err();
    assert_eq!(e.get("needed_by"), Some("Choose tomorrow or a later day."));
    assert_eq!(e.get("accept_policy"), Some("Tick this box to continue."));
}

#[test]
fn conditional_visibility_follows_chains() {
    let form = laptop_form();
    // (answers, visible keys among reason and gpu)
    let table: Vec<Case> = vec![
        (vec![("model", Answer::Choice("Standard".into()))], vec![]),
        (
            vec![("model", Answer::Choice("Developer".into()))],
            vec!["reason"],
        ),
        (
            vec![
                ("model", Answer::Choice("Developer".into())),
                ("reason", Answer::Text("ML".into())),
            ],
            vec!["reason", "gpu"],
        ),
        // gpu's condition holds, but reason itself is hidden: gpu is hidden too.
        (
            vec![
                ("model", Answer::Choice("Standard".into())),
                ("reason", Answer::Text("ML".into())),
            ],
            vec![],
        ),
    ];
    for (pairs, expected) in table {
        let a = answers(&pairs);
        let visible: Vec<&str> = form
            .visible_fields(&a)
            .iter()
            .map(|f| f.key.as_str())
            .filter(|k| matches!(*k, "reason" | "gpu"))
            .collect();
        assert_eq!(visible, expected, "{pairs:?}");
    }
}

#[test]
fn hidden_answers_are_dropped_and_defaults_fill_in() {
    let form = laptop_form();
    let mut a = answers(&base());
    a.insert(
        "reason".into(),
        Answer::Text("left over from an earlier choice".into()),
    );
    let kept = form.validate(&a, today()).unwrap();
    assert!(!kept.contains_key("reason"), "hidden field not kept");
    let filled = form.with_defaults(&Answers::new());
    assert_eq!(
        filled.get("model"),
        Some(&Answer::Choice("Standard".into()))
    );
}

#[test]
fn conditions_that_loop_hide_the_fields() {
    let mut a = field("a", text(None, None), true);
    let mut b = field("b", text(None, None), true);
    a.show_when = Some(ShowWhen {
        field: "b".into(),
        equals: Answer::Text("x".into()),
    });
    b.show_when = Some(ShowWhen {
        field: "a".into(),
        equals: Answer::Text("x".into()),
    });
    let form = FormSchema { fields: vec![a, b] };
    let ans = answers(&[
        ("a", Answer::Text("x".into())),
        ("b", Answer::Text("x".into())),
    ]);
    assert!(form.visible_fields(&ans).is_empty());
    assert!(form.validate(&ans, today()).unwrap().is_empty());
}

#[test]
fn schemas_round_trip_as_json() {
    let form = laptop_form();
    let json = serde_json::to_string(&form).unwrap();
    let back: FormSchema = serde_json::from_str(&json).unwrap();
    assert_eq!(back, form);
}

#[test]
fn text_patterns_and_lengths() {
    let form = FormSchema {
        fields: vec![
            field("cost_centre", text(Some(7), Some("CC-[0-9]{4}")), true),
            field("note", text(Some(5), None), false),
        ],
    };
    let table: [(&str, &str, Option<&str>); 6] = [
        ("CC-1234", "", None),
        (" CC-1234 ", "", None),
        ("CC-12", "", Some("Enter a cost centre like CC-1234.")),
        ("xCC-1234", "", Some("Use at most 7 characters.")),
        ("CC-1234", "abcdef", Some("Use at most 5 characters.")),
        ("", "", Some("cost centre is required.")),
    ];
    for (cc, note, expected) in table {
        let ans = answers(&[
            ("cost_centre", Answer::Text(cc.into())),
            ("note", Answer::Text(note.into())),
        ]);
        let got = form.validate(&ans, today()).err();
        let msg = got
            .as_ref()
            .and_then(|e| e.get("cost_centre").or_else(|| e.get("note")))
            .map(String::from);
        assert_eq!(msg.as_deref(), expected, "{cc:?} {note:?}");
    }
    assert!(compile_pattern("[").is_none());
}

#[test]
fn bounds_of_a_field_kind_are_capped_when_read() {
    for (text, ok) in [
        (r#"{"type":"text","max_len":100000}"#, true),
        (r#"{"type":"text","max_len":100001}"#, false),
        (r#"{"type":"text"}"#, true),
        (r#"{"type":"long_text","max_len":null}"#, true),
        (
            r#"{"type":"long_text","max_len":126920827902878220000}"#,
            false,
        ),
        (
            r#"{"type":"multi_select","options":["a"],"min":1,"max":1000}"#,
            true,
        ),
        (r#"{"type":"multi_select","options":["a"]}"#, true),
        (
            r#"{"type":"multi_select","options":["a"],"max":1001}"#,
            false,
        ),
    ] {
        assert_eq!(
            serde_json::from_str::<FieldKind>(text).is_ok(),
            ok,
            "{text}"
        );
    }
}
