//! Classes of configuration items as data: what a class is for (a business service, a
//! component, a piece of hardware tracked as an asset, a software licence) and the attributes
//! its CIs carry, defined with the same field kinds, rules and validation as the catalog's
//! request forms (a server has CPU count, memory and OS; a database engine and version).

use super::model::word_enum;
use crate::catalog::item::{ICONS, valid_key};
use crate::catalog::{Answers, FormSchema};
use crate::users::FieldErrors;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

word_enum!(
    /// What the CIs of a class are, which decides the fields they have beyond their attributes.
    ClassKind {
        /// A service the business consumes (payroll, e-mail): what "what breaks" reports.
        BusinessService => ("business_service", "Business service"),
        /// Software or logical parts (applications, virtual machines, databases, clusters).
        Component => ("component", "Component"),
        /// Hardware tracked as an asset: lifecycle, serial number, asset tag, warranty, cost.
        Hardware => ("hardware", "Hardware asset"),
        /// A software licence: seats assigned to people or CIs, expiry.
        Licence => ("licence", "Software licence"),
    }
);

/// A class of configuration items.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CiClassDef {
    /// Stable key (`database`), used in imports and the API.
    pub key: String,
    /// What people read ("Database").
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// One of the catalog's icons.
    pub icon: String,
    pub kind: ClassKind,
    /// The attributes a CI of this class carries, in display order.
    #[serde(default)]
    pub attributes: FormSchema,
}

/// Fields every CI has: an attribute may not take their keys.
pub const COMMON_FIELDS: [&str; 12] = [
    "name",
    "class",
    "status",
    "environment",
    "location",
    "criticality",
    "owner_group",
    "tags",
    "description",
    "serial_number",
    "asset_tag",
    "seats",
];

impl CiClassDef {
    /// Checks a class before it is saved: every problem at once, keyed by place (`name`,
    /// `attributes.1.key`).
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut e = FieldErrors::default();
        if !valid_key(&self.key) {
            e.add(
                "key",
                "Use lower-case letters, digits and _ , starting with a letter.",
            );
        }
        let name = self.name.trim();
        if name.is_empty() {
            e.add("name", "Give the class a name.");
        } else if name.chars().count() > 60 {
            e.add("name", "Keep the name under 60 characters.");
        }
        if self.description.chars().count() > 500 {
            e.add("description", "Keep the description under 500 characters.");
        }
        if !ICONS.contains(&self.icon.as_str()) {
            e.add("icon", "Choose one of the icons.");
        }
        self.attributes.check_definition("attributes", &mut e);
        for (i, f) in self.attributes.fields.iter().enumerate() {
            if COMMON_FIELDS.contains(&f.key.as_str()) {
                e.add(
                    &format!("attributes.{i}.key"),
                    format!("Every CI already has '{}'; choose another key.", f.key),
                );
            }
        }
        e.into_result()
    }

    /// Checks a CI's attribute values against the class: every problem at once by attribute
    /// key; the values to store (those of visible attributes) when there is none.
    pub fn check_attributes(
        &self,
        values: &Answers,
        today: NaiveDate,
    ) -> Result<Answers, FieldErrors> {
        self.attributes.validate(values, today)
    }
}
