//! A catalog item as one self-contained, versioned document: what it is, who it is for, its
//! request form, approvals, fulfilment tasks and targets. Editing makes a draft version;
//! publishing makes it live; a request keeps the version it was submitted with.

use super::audience::Audience;
use super::form::{Answer, FieldKind, FormSchema, compile_pattern};
use super::fulfilment::FulfilmentPlan;
use crate::approvals::{ApprovalStage, Approvers};
use crate::ids::{DepartmentId, GroupId, UserId};
use crate::users::FieldErrors;
use serde::{Deserialize, Serialize};

/// Icons an item or category may show (the UI draws each one).
pub const ICONS: [&str; 20] = [
    "laptop", "phone", "monitor", "keyboard", "printer", "software", "key", "user", "users",
    "mail", "wifi", "globe", "shield", "cloud", "server", "building", "chair", "badge", "box",
    "headset",
];

/// How often a cost is charged.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CostPeriod {
    #[default]
    OneOff,
    Monthly,
    Yearly,
}

/// What an item costs the requester's cost centre.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cost {
    /// In cents (or the currency's smallest unit).
    pub cents: i64,
    /// ISO 4217 code: EUR, USD, GBP...
    pub currency: String,
    #[serde(default)]
    pub period: CostPeriod,
}

impl Cost {
    /// "€1,249.00", "$12.50 a month", "CHF 80.00 a year".
    pub fn display(&self) -> String {
        let symbol = match self.currency.as_str() {
            "EUR" => "€".to_string(),
            "USD" => "$".to_string(),
            "GBP" => "£".to_string(),
            other => format!("{other} "),
        };
        let units = self.cents.abs() / 100;
        let digits = units.to_string();
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        let sign = if self.cents < 0 { "-" } else { "" };
        let amount = format!("{sign}{symbol}{grouped}.{:02}", self.cents.abs() % 100);
        match self.period {
            CostPeriod::OneOff => amount,
            CostPeriod::Monthly => format!("{amount} a month"),
            CostPeriod::Yearly => format!("{amount} a year"),
        }
    }
}

fn default_icon() -> String {
    "box".into()
}

/// Everything one version of an item says.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemDefinition {
    pub name: String,
    /// One line under the name.
    pub summary: String,
    /// What it is, in Markdown.
    #[serde(default)]
    pub description: String,
    /// Who it is for, in words ("Permanent staff whose laptop is older than four years").
    #[serde(default)]
    pub audience_note: String,
    #[serde(default = "default_icon")]
    pub icon: String,
    /// Extra words people search with ("notebook", "macbook").
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Expected delivery, in calendar days after approval (at most a year).
    #[serde(default, deserialize_with = "super::form::at_most::<_, _, 366>")]
    #[cfg_attr(feature = "openapi", schema(maximum = 366))]
    pub delivery_days: Option<u32>,
    #[serde(default)]
    pub cost: Option<Cost>,
    /// Who may see and order it.
    #[serde(default)]
    pub audience: Audience,
    #[serde(default)]
    pub form: FormSchema,
    /// Stages in sequence; empty when no approval is needed.
    #[serde(default)]
    pub approvals: Vec<ApprovalStage>,
    #[serde(default)]
    pub fulfilment: FulfilmentPlan,
    /// The group that owns requests for this item (and tasks that name no group).
    #[serde(default)]
    pub fulfilment_group: Option<GroupId>,
    /// Resolution target in hours (at most a year); the SLA issue turns it into a running clock.
    #[serde(default, deserialize_with = "super::form::at_most::<_, _, 8784>")]
    #[cfg_attr(feature = "openapi", schema(maximum = 8784))]
    pub sla_hours: Option<u32>,
}

impl Default for ItemDefinition {
    fn default() -> Self {
        ItemDefinition {
            name: String::new(),
            summary: String::new(),
            description: String::new(),
            audience_note: String::new(),
            icon: default_icon(),
            keywords: Vec::new(),
            delivery_days: None,
            cost: None,
            audience: Audience::default(),
            form: FormSchema::default(),
            approvals: Vec::new(),
            fulfilment: FulfilmentPlan::default(),
            fulfilment_group: None,
            sla_hours: None,
        }
    }
}

/// Whether a form key is a safe identifier: lower-case letters, digits and `_`, starting with a
/// letter.
pub fn valid_key(key: &str) -> bool {
    key.len() <= 40
        && key.starts_with(|c: char| c.is_ascii_lowercase())
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn answer_fits(kind: &FieldKind, answer: &Answer) -> bool {
    matches!(
        (kind, answer),
        (
            FieldKind::Text { .. }
                | FieldKind::LongText { .. }
                | FieldKind::CiPicker
                | FieldKind::AttachmentNote,
            Answer::Text(_)
        ) | (FieldKind::Number { .. }, Answer::Number(_))
            | (FieldKind::Date { .. }, Answer::Date(_))
            | (FieldKind::Select { .. }, Answer::Choice(_))
            | (FieldKind::MultiSelect { .. }, Answer::Choices(_))
            | (FieldKind::Checkbox, Answer::Bool(_))
            | (FieldKind::UserPicker, Answer::User(_))
    )
}

impl ItemDefinition {
    /// Checks that the item can be published: every problem at once, keyed by where it is
    /// (`name`, `form.2.label`, `approvals.0.approvers`, `fulfilment.1.title`).
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut e = FieldErrors::default();
        let name = self.name.trim();
        if name.is_empty() {
            e.add("name", "Give the item a name.");
        } else if name.chars().count() > 80 {
            e.add("name", "Keep the name under 80 characters.");
        }
        if self.summary.trim().is_empty() {
            e.add("summary", "Say in one line what the item is.");
        } else if self.summary.chars().count() > 200 {
            e.add("summary", "Keep the summary under 200 characters.");
        }
        if !ICONS.contains(&self.icon.as_str()) {
            e.add("icon", "Choose one of the icons.");
        }
        if self.audience.is_empty() {
            e.add(
                "audience",
                "Name at least one department, group or role, or make the item available to everyone.",
            );
        }
        if let Some(c) = &self.cost
            && (c.cents < 0
                || c.currency.len() != 3
                || !c.currency.chars().all(|ch| ch.is_ascii_uppercase()))
        {
            e.add(
                "cost",
                "A cost is a positive amount in a three-letter currency such as EUR.",
            );
        }
        self.form.check_definition("form", &mut e);
        for (i, stage) in self.approvals.iter().enumerate() {
            if stage.name.trim().is_empty() {
                e.add(&format!("approvals.{i}.name"), "Name the approval stage.");
            }
            if let Approvers::Users { users } = &stage.approvers
                && users.is_empty()
            {
                e.add(
                    &format!("approvals.{i}.approvers"),
                    "Name at least one approver.",
                );
            }
        }
        for (i, t) in self.fulfilment.tasks.iter().enumerate() {
            if t.title.trim().is_empty() {
                e.add(&format!("fulfilment.{i}.title"), "Give the task a title.");
            }
            if t.group.is_none() && self.fulfilment_group.is_none() {
                e.add(
                    &format!("fulfilment.{i}.group"),
                    "Choose a group for the task, or a fulfilment group for the item.",
                );
            }
        }
        e.into_result()
    }
}

impl FormSchema {
    /// Checks a form's definition (keys, labels, choices, limits, defaults, conditions), adding
    /// every problem to `e` keyed by place under `prefix` (`form.2.label`). Request forms and
    /// the attributes of configuration item classes are checked alike.
    pub fn check_definition(&self, prefix: &str, e: &mut FieldErrors) {
        let fields = &self.fields;
        for (i, f) in fields.iter().enumerate() {
            let at = |what: &str| format!("{prefix}.{i}.{what}");
            if !valid_key(&f.key) {
                e.add(
                    &at("key"),
                    "Use lower-case letters, digits and _ , starting with a letter.",
                );
            } else if fields[..i].iter().any(|g| g.key == f.key) {
                e.add(
                    &at("key"),
                    format!("Another field already uses the key '{}'.", f.key),
                );
            }
            if f.label.trim().is_empty() {
                e.add(&at("label"), "Give the field a label.");
            }
            match &f.kind {
                FieldKind::Text {
                    pattern: Some(p), ..
                } if compile_pattern(p).is_none() => {
                    e.add(
                        &at("pattern"),
                        "This pattern is not a valid regular expression.",
                    );
                }
                FieldKind::Number {
                    min: Some(lo),
                    max: Some(hi),
                    ..
                } if lo > hi => {
                    e.add(&at("max"), "The largest value is below the smallest.");
                }
                FieldKind::Date {
                    min_days_ahead: Some(lo),
                    max_days_ahead: Some(hi),
                } if lo > hi => e.add(&at("max"), "The latest day is before the earliest."),
                FieldKind::Select { options } | FieldKind::MultiSelect { options, .. } => {
                    if options.iter().any(|o| o.trim().is_empty()) || options.is_empty() {
                        e.add(&at("options"), "List the choices, none of them empty.");
                    } else if options
                        .iter()
                        .enumerate()
                        .any(|(j, o)| options[..j].contains(o))
                    {
                        e.add(&at("options"), "Each choice may appear only once.");
                    }
                }
                _ => {}
            }
            if let FieldKind::MultiSelect { options, min, max } = &f.kind
                && (min.zip(*max).is_some_and(|(lo, hi)| lo > hi)
                    || min.is_some_and(|lo| lo > options.len()))
            {
                e.add(
                    &at("max"),
                    "The limits on how many may be chosen do not fit the choices.",
                );
            }
            match (&f.kind, &f.default) {
                (_, Some(d)) if !answer_fits(&f.kind, d) => {
                    e.add(&at("default"), "The default does not fit the field's type.");
                }
                (FieldKind::Select { options }, Some(Answer::Choice(c)))
                    if !options.contains(c) =>
                {
                    e.add(&at("default"), "The default is not one of the choices.");
                }
                (FieldKind::MultiSelect { options, .. }, Some(Answer::Choices(cs)))
                    if cs.iter().any(|c| !options.contains(c)) =>
                {
                    e.add(&at("default"), "The default is not one of the choices.");
                }
                _ => {}
            }
            if let Some(cond) = &f.show_when {
                match fields[..i].iter().find(|g| g.key == cond.field) {
                    None => e.add(
                        &at("show_when"),
                        "A field can only depend on a field above it.",
                    ),
                    Some(g) if !answer_fits(&g.kind, &cond.equals) => e.add(
                        &at("show_when"),
                        format!("The condition does not fit the field '{}'.", g.label),
                    ),
                    Some(_) => {}
                }
            }
        }
    }
}

impl ItemDefinition {
    /// The groups the item names (fulfilment, tasks, approval stages, audience).
    pub fn group_ids(&self) -> Vec<GroupId> {
        let mut out: Vec<GroupId> = self.fulfilment_group.into_iter().collect();
        out.extend(self.fulfilment.tasks.iter().filter_map(|t| t.group));
        out.extend(self.approvals.iter().filter_map(|s| match s.approvers {
            Approvers::Group { group } => Some(group),
            _ => None,
        }));
        out.extend(self.audience.groups.iter().copied());
        out.sort();
        out.dedup();
        out
    }

    /// The people the item names as approvers.
    pub fn user_ids(&self) -> Vec<UserId> {
        let mut out: Vec<UserId> = self
            .approvals
            .iter()
            .flat_map(|s| match &s.approvers {
                Approvers::Users { users } => users.clone(),
                _ => Vec::new(),
            })
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// Replaces every reference through the given maps (for importing into another
    /// installation, where the same group has another id). Unmapped references stay.
    pub fn remap(
        &mut self,
        group: impl Fn(GroupId) -> GroupId,
        department: impl Fn(DepartmentId) -> DepartmentId,
        user: impl Fn(UserId) -> UserId,
    ) {
        self.fulfilment_group = self.fulfilment_group.map(&group);
        for t in &mut self.fulfilment.tasks {
            t.group = t.group.map(&group);
        }
        for s in &mut self.approvals {
            match &mut s.approvers {
                Approvers::Group { group: g } => *g = group(*g),
                Approvers::Users { users } => users.iter_mut().for_each(|u| *u = user(*u)),
                Approvers::Manager => {}
            }
        }
        self.audience.groups.iter_mut().for_each(|g| *g = group(*g));
        self.audience
            .departments
            .iter_mut()
            .for_each(|d| *d = department(*d));
    }
}

#[cfg(test)]
#[path = "item_tests.rs"]
mod tests;
