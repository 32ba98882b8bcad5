//! Impact, urgency and the priority they give through the ITIL impact × urgency matrix.
//!
//! The matrix is data ([`PriorityMatrix`]) so an installation can tune it; the default is the
//! classic three-by-three ITIL table (impact 1 + urgency 1 = P1 … impact 3 + urgency 3 = P5).

use serde::{Deserialize, Serialize};
use std::fmt;

/// How widely a ticket's cause hurts the business, or how urgently it must be fixed:
/// 1 = high, 2 = medium, 3 = low (the ITIL convention: lower is more serious).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Level(u8);

impl Level {
    pub const HIGH: Level = Level(1);
    pub const MEDIUM: Level = Level(2);
    pub const LOW: Level = Level(3);
    pub const ALL: [Level; 3] = [Level::HIGH, Level::MEDIUM, Level::LOW];

    /// The level for 1, 2 or 3.
    pub fn new(v: u8) -> Option<Level> {
        (1..=3).contains(&v).then_some(Level(v))
    }

    pub fn get(self) -> u8 {
        self.0
    }

    /// "1 – High" as shown in pickers.
    pub fn label(self) -> &'static str {
        match self.0 {
            1 => "1 – High",
            2 => "2 – Medium",
            _ => "3 – Low",
        }
    }
}

impl TryFrom<u8> for Level {
    type Error = String;
    fn try_from(v: u8) -> Result<Self, Self::Error> {
        Level::new(v).ok_or_else(|| format!("must be 1, 2 or 3 (got {v})"))
    }
}

impl From<Level> for u8 {
    fn from(l: Level) -> u8 {
        l.0
    }
}

/// P1 (critical) to P5 (planning).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Priority(u8);

impl Priority {
    pub const P1: Priority = Priority(1);
    pub const P2: Priority = Priority(2);
    pub const P3: Priority = Priority(3);
    pub const P4: Priority = Priority(4);
    pub const P5: Priority = Priority(5);
    pub const ALL: [Priority; 5] = [
        Priority::P1,
        Priority::P2,
        Priority::P3,
        Priority::P4,
        Priority::P5,
    ];

    pub fn new(v: u8) -> Option<Priority> {
        (1..=5).contains(&v).then_some(Priority(v))
    }

    pub fn get(self) -> u8 {
        self.0
    }

    /// The word after the code: "Critical", "High", "Moderate", "Low", "Planning".
    pub fn label(self) -> &'static str {
        match self.0 {
            1 => "Critical",
            2 => "High",
            3 => "Moderate",
            4 => "Low",
            _ => "Planning",
        }
    }

    /// Parses "P2" or "2".
    pub fn parse(s: &str) -> Option<Priority> {
        let s = s.trim();
        let digits = s.strip_prefix(['P', 'p']).unwrap_or(s);
        digits.parse::<u8>().ok().and_then(Priority::new)
    }
}

impl fmt::Display for Priority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "P{}", self.0)
    }
}

impl TryFrom<u8> for Priority {
    type Error = String;
    fn try_from(v: u8) -> Result<Self, Self::Error> {
        Priority::new(v).ok_or_else(|| format!("must be 1 to 5 (got {v})"))
    }
}

impl From<Priority> for u8 {
    fn from(p: Priority) -> u8 {
        p.0
    }
}

/// Priority for every impact (rows) × urgency (columns) pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriorityMatrix([[Priority; 3]; 3]);

impl Default for PriorityMatrix {
    /// The ITIL table: P = impact + urgency − 1.
    fn default() -> Self {
        use Priority as P;
        PriorityMatrix([
            [P::P1, P::P2, P::P3],
            [P::P2, P::P3, P::P4],
            [P::P3, P::P4, P::P5],
        ])
    }
}

impl PriorityMatrix {
    /// Priority of a ticket with this impact and urgency.
    pub fn priority(&self, impact: Level, urgency: Level) -> Priority {
        self.0[usize::from(impact.0 - 1)][usize::from(urgency.0 - 1)]
    }

    /// Parses the compact form used in configuration: three rows of three priorities,
    /// rows separated by `;`, e.g. `"1,2,3;2,3,4;3,4,5"` (the default).
    pub fn parse(s: &str) -> Result<PriorityMatrix, String> {
        let rows: Vec<&str> = s.split(';').map(str::trim).collect();
        if rows.len() != 3 {
            return Err("the priority matrix needs three rows separated by ';'".into());
        }
        let mut m = PriorityMatrix::default().0;
        for (i, row) in rows.iter().enumerate() {
            let cells: Vec<&str> = row.split(',').map(str::trim).collect();
            if cells.len() != 3 {
                return Err(format!(
                    "row {} of the priority matrix needs three values",
                    i + 1
                ));
            }
            for (j, cell) in cells.iter().enumerate() {
                m[i][j] = Priority::parse(cell).ok_or_else(|| {
                    format!("'{cell}' in the priority matrix is not a priority from 1 to 5")
                })?;
            }
        }
        Ok(PriorityMatrix(m))
    }

    /// The compact form [`PriorityMatrix::parse`] reads.
    pub fn to_config(&self) -> String {
        self.0
            .iter()
            .map(|r| {
                r.iter()
                    .map(|p| p.0.to_string())
                    .collect::<Vec<_>>()
                    .join(",")
            })
            .collect::<Vec<_>>()
            .join(";")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_matrix_is_the_itil_table() {
        // (impact, urgency, priority)
        let table = [
            (1, 1, 1),
            (1, 2, 2),
            (1, 3, 3),
            (2, 1, 2),
            (2, 2, 3),
            (2, 3, 4),
            (3, 1, 3),
            (3, 2, 4),
            (3, 3, 5),
        ];
        let m = PriorityMatrix::default();
        for (i, u, p) in table {
            let got = m.priority(Level::new(i).unwrap(), Level::new(u).unwrap());
            assert_eq!(got.get(), p, "impact {i} × urgency {u}");
        }
    }

    #[test]
    fn matrix_configuration_round_trips_and_rejects_bad_input() {
        let m = PriorityMatrix::parse("1,1,2; 2,3,4 ;3,4,5").unwrap();
        assert_eq!(m.priority(Level::HIGH, Level::MEDIUM), Priority::P1);
        assert_eq!(m.to_config(), "1,1,2;2,3,4;3,4,5");
        assert_eq!(
            PriorityMatrix::parse(&PriorityMatrix::default().to_config()).unwrap(),
            PriorityMatrix::default()
        );
        for bad in [
            "",
            "1,2,3;2,3,4",
            "1,2;2,3,4;3,4,5",
            "1,2,9;2,3,4;3,4,5",
            "a,b,c;1,2,3;1,2,3",
        ] {
            assert!(
                PriorityMatrix::parse(bad).is_err(),
                "{bad:?} should be refused"
            );
        }
    }

    #[test]
    fn levels_and_priorities_refuse_out_of_range_values() {
        assert!(Level::new(0).is_none());
        assert!(Level::new(4).is_none());
        assert!(Priority::new(6).is_none());
        assert_eq!(Priority::parse("p2"), Some(Priority::P2));
        assert_eq!(Priority::parse("3"), Some(Priority::P3));
        assert_eq!(Priority::parse("P0"), None);
        assert!(serde_json::from_str::<Level>("4").is_err());
        assert_eq!(serde_json::from_str::<Priority>("2").unwrap(), Priority::P2);
    }
}

/// The OpenAPI schemas of [`Level`] and [`Priority`]: integers with the bounds the server enforces.
#[cfg(feature = "openapi")]
pub(crate) mod openapi {
    use super::{Level, Priority};
    use utoipa::openapi::RefOr;
    use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};

    /// An integer schema from `min` to `max` (also used by the CMDB's criticality).
    pub(crate) fn bounded(min: u8, max: u8, description: &str) -> RefOr<Schema> {
        RefOr::T(Schema::Object(
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .minimum(Some(min))
                .maximum(Some(max))
                .description(Some(description))
                .build(),
        ))
    }

    impl utoipa::PartialSchema for Level {
        fn schema() -> RefOr<Schema> {
            bounded(1, 3, "1 = high, 2 = medium, 3 = low.")
        }
    }
    impl utoipa::ToSchema for Level {}

    impl utoipa::PartialSchema for Priority {
        fn schema() -> RefOr<Schema> {
            bounded(1, 5, "1 = critical … 5 = planning.")
        }
    }
    impl utoipa::ToSchema for Priority {}
}
