//! The words a configuration item is described by: its status, environment and criticality, and
//! the kinds of relationship between two CIs, each with the name it reads by from either end
//! ("depends on" / "used by").

use serde::{Deserialize, Serialize};

/// An enumeration stored and sent as a lowercase word, with the label people read.
macro_rules! word_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident => ($word:literal, $label:literal)),+ $(,)? }) => {
        $(#[$doc])*
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vdoc])* $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The word stored in the database and sent over the API.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $word),+
                }
            }

            /// The value a stored or typed word names; `None` for any other word.
            pub fn parse(s: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|v| v.as_str() == s)
            }

            /// What people read.
            pub fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $label),+
                }
            }
        }
    };
}
pub(crate) use word_enum;

word_enum!(
    /// Where a configuration item is in its life.
    CiStatus {
        /// Not built or bought yet.
        Planned => ("planned", "Planned"),
        /// Running and serving.
        InUse => ("in_use", "In use"),
        /// Down or degraded on purpose (patching, repair).
        Maintenance => ("maintenance", "In maintenance"),
        /// No longer in service; kept for its history.
        Retired => ("retired", "Retired"),
    }
);

word_enum!(
    /// Which estate a configuration item belongs to.
    Environment {
        Production => ("production", "Production"),
        Test => ("test", "Test"),
        Development => ("development", "Development"),
    }
);

/// How much the business depends on a CI: 1 (mission critical) to 4 (low).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Criticality(u8);

impl Criticality {
    pub const MISSION_CRITICAL: Criticality = Criticality(1);
    pub const LOW: Criticality = Criticality(4);

    /// A criticality from 1 to 4; `None` for anything else.
    pub fn new(level: u8) -> Option<Criticality> {
        (1..=4).contains(&level).then_some(Criticality(level))
    }

    pub fn get(self) -> u8 {
        self.0
    }

    pub fn label(self) -> &'static str {
        match self.0 {
            1 => "Mission critical",
            2 => "High",
            3 => "Medium",
            _ => "Low",
        }
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Criticality {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        crate::tickets::priority::openapi::bounded(1, 4, "1 = mission critical … 4 = low.")
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Criticality {}

impl TryFrom<u8> for Criticality {
    type Error = String;

    fn try_from(level: u8) -> Result<Self, Self::Error> {
        Criticality::new(level).ok_or_else(|| format!("criticality is 1 to 4, not {level}"))
    }
}

impl From<Criticality> for u8 {
    fn from(c: Criticality) -> u8 {
        c.0
    }
}

word_enum!(
    /// How one CI (the source) relates to another (the target), read "source <kind> target".
    RelationKind {
        /// The source needs the target to work (an application depends on its database).
        DependsOn => ("depends_on", "Depends on"),
        /// The source runs on the target (a virtual machine on its host).
        RunsOn => ("runs_on", "Runs on"),
        /// The two are linked by the network; each may need the other.
        ConnectsTo => ("connects_to", "Connects to"),
        /// The source is a part of the target (an application of a business service).
        PartOf => ("part_of", "Part of"),
    }
);

impl RelationKind {
    /// The name read from the target's side ("Used by" for a dependency).
    pub fn inverse_label(self) -> &'static str {
        match self {
            RelationKind::DependsOn => "Used by",
            RelationKind::RunsOn => "Hosts",
            RelationKind::ConnectsTo => "Connects to",
            RelationKind::PartOf => "Contains",
        }
    }

    /// Which way an outage travels along a relationship from `source` to `target`, as pairs of
    /// (the CI that needs, the CI it needs). A dependency and a host are needed by their source;
    /// a whole needs its parts (a business service is down when an application of it is); a
    /// network link is needed both ways.
    pub fn needs<T: Copy>(self, source: T, target: T) -> impl Iterator<Item = (T, T)> {
        let (first, second) = match self {
            RelationKind::DependsOn | RelationKind::RunsOn => ((source, target), None),
            RelationKind::PartOf => ((target, source), None),
            RelationKind::ConnectsTo => ((source, target), Some((target, source))),
        };
        std::iter::once(first).chain(second)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_read_back_and_unknown_words_are_refused() {
        for s in CiStatus::ALL {
            assert_eq!(CiStatus::parse(s.as_str()), Some(*s));
        }
        for e in Environment::ALL {
            assert_eq!(Environment::parse(e.as_str()), Some(*e));
        }
        for k in RelationKind::ALL {
            assert_eq!(RelationKind::parse(k.as_str()), Some(*k));
        }
        assert_eq!(
            CiStatus::parse("In use"),
            None,
            "labels are not stored words"
        );
        assert_eq!(RelationKind::parse("hosts"), None);
    }

    #[test]
    fn criticality_is_one_to_four() {
        assert_eq!(Criticality::new(0), None);
        assert_eq!(Criticality::new(5), None);
        assert_eq!(Criticality::new(1), Some(Criticality::MISSION_CRITICAL));
        assert_eq!(Criticality::new(4).map(Criticality::label), Some("Low"));
        let parsed: Result<Criticality, _> = serde_json::from_str("7");
        assert!(parsed.is_err());
        assert_eq!(serde_json::to_string(&Criticality::new(2)).unwrap(), "2");
    }

    #[test]
    fn outages_travel_against_the_need() {
        let needs = |k: RelationKind| k.needs("s", "t").collect::<Vec<_>>();
        for (kind, expected) in [
            (RelationKind::DependsOn, vec![("s", "t")]),
            (RelationKind::RunsOn, vec![("s", "t")]),
            (RelationKind::PartOf, vec![("t", "s")]),
            (RelationKind::ConnectsTo, vec![("s", "t"), ("t", "s")]),
        ] {
            assert_eq!(needs(kind), expected, "{kind:?}");
        }
    }
}
