//! Item definitions: what blocks publishing, costs in words, references remapped on import.

use super::*;
use crate::approvals::ApprovalRule;
use crate::catalog::form::{FormField, ShowWhen};
use crate::catalog::fulfilment::TaskTemplate;

fn field(key: &str, kind: FieldKind) -> FormField {
    FormField {
        key: key.into(),
        label: key.into(),
        help: None,
        required: false,
        kind,
        default: None,
        show_when: None,
    }
}

fn valid() -> ItemDefinition {
    ItemDefinition {
        name: "Laptop".into(),
        summary: "A standard work laptop.".into(),
        icon: "laptop".into(),
        fulfilment_group: Some(GroupId(1)),
        form: FormSchema {
            fields: vec![field(
                "model",
                FieldKind::Select {
                    options: vec!["Standard".into(), "Developer".into()],
                },
            )],
        },
        ..ItemDefinition::default()
    }
}

#[test]
fn publishing_checks_the_whole_item() {
    type Edit = fn(&mut ItemDefinition);
    let table: Vec<(&str, Edit, &str)> = vec![
        ("no name", |d| d.name = " ".into(), "name"),
        ("no summary", |d| d.summary.clear(), "summary"),
        ("unknown icon", |d| d.icon = "rocket".into(), "icon"),
        (
            "audience names nobody",
            |d| d.audience.everyone = false,
            "audience",
        ),
        (
            "bad currency",
            |d| {
                d.cost = Some(Cost {
                    cents: 100,
                    currency: "euro".into(),
                    period: CostPeriod::OneOff,
                })
            },
            "cost",
        ),
        (
            "bad key",
            |d| d.form.fields[0].key = "Model Name".into(),
            "form.0.key",
        ),
        (
            "duplicate key",
            |d| {
                let f = d.form.fields[0].clone();
                d.form.fields.push(f);
            },
            "form.1.key",
        ),
        (
            "empty label",
            |d| d.form.fields[0].label.clear(),
            "form.0.label",
        ),
        (
            "empty options",
            |d| d.form.fields[0].kind = FieldKind::Select { options: vec![] },
            "form.0.options",
        ),
        (
            "repeated option",
            |d| {
                d.form.fields[0].kind = FieldKind::Select {
                    options: vec!["A".into(), "A".into()],
                }
            },
            "form.0.options",
        ),
        (
            "bad pattern",
            |d| {
                d.form.fields[0].kind = FieldKind::Text {
                    max_len: None,
                    pattern: Some("(".into()),
                    pattern_hint: None,
                }
            },
            "form.0.pattern",
        ),
        (
            "min above max",
            |d| {
                d.form.fields[0].kind = FieldKind::Number {
                    min: Some(5.0),
                    max: Some(1.0),
                    integer: false,
                }
            },
            "form.0.max",
        ),
        (
            "dates backwards",
            |d| {
                d.form.fields[0].kind = FieldKind::Date {
                    min_days_ahead: Some(10),
                    max_days_ahead: Some(2),
                }
            },
            "form.0.max",
        ),
        (
            "default of the wrong type",
            |d| d.form.fields[0].default = Some(Answer::Bool(true)),
            "form.0.default",
        ),
        (
            "condition on a later field",
            |d| {
                d.form.fields[0].show_when = Some(ShowWhen {
                    field: "later".into(),
                    equals: Answer::Bool(true),
                });
                d.form.fields.push(field("later", FieldKind::Checkbox));
            },
            "form.0.show_when",
        ),
        (
            "condition of the wrong type",
            |d| {
                let mut f = field("why", FieldKind::LongText { max_len: None });
                f.show_when = Some(ShowWhen {
                    field: "model".into(),
                    equals: Answer::Bool(true),
                });
                d.form.fields.push(f);
            },
            "form.1.show_when",
        ),
        (
            "unnamed stage",
            |d| {
                d.approvals.push(ApprovalStage {
                    name: "".into(),
                    approvers: Approvers::Manager,
                    rule: ApprovalRule::Any,
                })
            },
            "approvals.0.name",
        ),
        (
            "stage without people",
            |d| {
                d.approvals.push(ApprovalStage {
                    name: "Finance".into(),
                    approvers: Approvers::Users { users: vec![] },
                    rule: ApprovalRule::All,
                })
            },
            "approvals.0.approvers",
        ),
        (
            "task without title",
            |d| {
                d.fulfilment.tasks.push(TaskTemplate {
                    title: " ".into(),
                    group: None,
                    instructions: String::new(),
                })
            },
            "fulfilment.0.title",
        ),
        (
            "task without any group",
            |d| {
                d.fulfilment_group = None;
                d.fulfilment.tasks.push(TaskTemplate {
                    title: "Ship".into(),
                    group: None,
                    instructions: String::new(),
                });
            },
            "fulfilment.0.group",
        ),
    ];
    assert_eq!(valid().validate(), Ok(()));
    for (what, edit, key) in table {
        let mut d = valid();
        edit(&mut d);
        let errors = d.validate().expect_err(what);
        assert!(
            errors.get(key).is_some(),
            "{what}: expected an error at {key}, got {errors:?}"
        );
    }
}

#[test]
fn costs_in_words() {
    let table = [
        (124_900, "EUR", CostPeriod::OneOff, "€1,249.00"),
        (1_250, "USD", CostPeriod::Monthly, "$12.50 a month"),
        (8_000, "CHF", CostPeriod::Yearly, "CHF 80.00 a year"),
        (123_456_789, "GBP", CostPeriod::OneOff, "£1,234,567.89"),
        (5, "EUR", CostPeriod::OneOff, "€0.05"),
    ];
    for (cents, cur, period, expected) in table {
        let c = Cost {
            cents,
            currency: cur.into(),
            period,
        };
        assert_eq!(c.display(), expected);
    }
}

#[test]
fn references_are_listed_and_remapped() {
    let mut d = valid();
    d.approvals = vec![
        ApprovalStage {
            name: "Manager".into(),
            approvers: Approvers::Manager,
            rule: ApprovalRule::Any,
        },
        ApprovalStage {
            name: "Security".into(),
            approvers: Approvers::Group { group: GroupId(4) },
            rule: ApprovalRule::Majority,
        },
        ApprovalStage {
            name: "Finance".into(),
            approvers: Approvers::Users {
                users: vec![UserId(9), UserId(2)],
            },
            rule: ApprovalRule::All,
        },
    ];
    d.audience = Audience {
        everyone: false,
        departments: vec![DepartmentId(3)],
        groups: vec![GroupId(4)],
        roles: vec![],
    };
    d.fulfilment.tasks.push(TaskTemplate {
        title: "Ship".into(),
        group: Some(GroupId(7)),
        instructions: String::new(),
    });
    assert_eq!(d.group_ids(), vec![GroupId(1), GroupId(4), GroupId(7)]);
    assert_eq!(d.user_ids(), vec![UserId(2), UserId(9)]);
    d.remap(
        |g| GroupId(g.0 + 100),
        |x| DepartmentId(x.0 + 10),
        |u| UserId(u.0 * 2),
    );
    assert_eq!(
        d.group_ids(),
        vec![GroupId(101), GroupId(104), GroupId(107)]
    );
    assert_eq!(d.user_ids(), vec![UserId(4), UserId(18)]);
    assert_eq!(d.audience.departments, vec![DepartmentId(13)]);
    let json = serde_json::to_string(&d).unwrap();
    let back: ItemDefinition = serde_json::from_str(&json).unwrap();
    assert_eq!(back, d);
}

#[test]
fn keys_table() {
    for (key, ok) in [
        ("cost_centre", true),
        ("a1", true),
        ("1a", false),
        ("Cost", false),
        ("", false),
        ("a-b", false),
    ] {
        assert_eq!(valid_key(key), ok, "{key:?}");
    }
}

#[test]
fn delivery_days_and_sla_hours_are_capped_when_read() {
    let base = serde_json::to_value(ItemDefinition::default()).unwrap();
    for (field, value, ok) in [
        ("delivery_days", 366, true),
        ("delivery_days", 367, false),
        ("delivery_days", 4_294_967_295_u64, false),
        ("sla_hours", 8784, true),
        ("sla_hours", 8785, false),
    ] {
        let mut doc = base.clone();
        doc[field] = serde_json::json!(value);
        assert_eq!(
            serde_json::from_value::<ItemDefinition>(doc).is_ok(),
            ok,
            "{field} = {value}"
        );
    }
    let mut absent = base.clone();
    absent.as_object_mut().unwrap().remove("delivery_days");
    assert!(serde_json::from_value::<ItemDefinition>(absent).is_ok());
}
