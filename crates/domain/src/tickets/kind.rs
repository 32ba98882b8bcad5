//! The kinds of ticket and their human numbers (INC0001042, REQ0000007, PRB0000031, TSK0000012).

use serde::{Deserialize, Serialize};
use std::fmt;

/// Incidents, service requests, problems and fulfilment tasks share one ticket core.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketKind {
    /// Something is broken or degraded: restore service fast.
    Incident,
    /// Someone asks for something standard: access, hardware, information.
    Request,
    /// The unknown cause behind one or more incidents.
    Problem,
    /// One piece of work that fulfils a service request, done by a resolver group. Only agents
    /// see tasks; the requester follows them on the request's tracking page.
    Task,
}

/// Digits after the prefix in a ticket number.
const NUMBER_DIGITS: usize = 7;

impl TicketKind {
    pub const ALL: [TicketKind; 4] = [
        TicketKind::Incident,
        TicketKind::Request,
        TicketKind::Problem,
        TicketKind::Task,
    ];

    /// Stable identifier for storage, URLs and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            TicketKind::Incident => "incident",
            TicketKind::Request => "request",
            TicketKind::Problem => "problem",
            TicketKind::Task => "task",
        }
    }

    pub fn parse(s: &str) -> Option<TicketKind> {
        TicketKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// "Incident", "Service request", "Problem".
    pub fn label(self) -> &'static str {
        match self {
            TicketKind::Incident => "Incident",
            TicketKind::Request => "Service request",
            TicketKind::Problem => "Problem",
            TicketKind::Task => "Fulfilment task",
        }
    }

    /// Plural for board titles.
    pub fn plural(self) -> &'static str {
        match self {
            TicketKind::Incident => "Incidents",
            TicketKind::Request => "Service requests",
            TicketKind::Problem => "Problems",
            TicketKind::Task => "Fulfilment tasks",
        }
    }

    /// The three letters that start its numbers.
    pub fn prefix(self) -> &'static str {
        match self {
            TicketKind::Incident => "INC",
            TicketKind::Request => "REQ",
            TicketKind::Problem => "PRB",
            TicketKind::Task => "TSK",
        }
    }

    /// The human number for the `seq`-th ticket of this kind: `INC0001042`.
    pub fn number(self, seq: i64) -> String {
        format!("{}{:0width$}", self.prefix(), seq, width = NUMBER_DIGITS)
    }
}

impl fmt::Display for TicketKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Splits `INC0001042` (any case, surrounding spaces ignored) into its kind and sequence number.
pub fn parse_number(s: &str) -> Option<(TicketKind, i64)> {
    let s = s.trim();
    if s.len() < 4 || !s.is_char_boundary(3) {
        return None;
    }
    let (prefix, digits) = s.split_at(3);
    let kind = TicketKind::ALL
        .into_iter()
        .find(|k| k.prefix().eq_ignore_ascii_case(prefix))?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let seq = digits.parse::<i64>().ok().filter(|n| *n > 0)?;
    Some((kind, seq))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_format_and_parse() {
        let table = [
            (TicketKind::Incident, 1042, "INC0001042"),
            (TicketKind::Request, 7, "REQ0000007"),
            (TicketKind::Problem, 31, "PRB0000031"),
            (TicketKind::Task, 12, "TSK0000012"),
            (TicketKind::Incident, 12_345_678, "INC12345678"),
        ];
        for (kind, seq, text) in table {
            assert_eq!(kind.number(seq), text);
            assert_eq!(parse_number(text), Some((kind, seq)));
        }
        assert_eq!(
            parse_number(" inc0000042 "),
            Some((TicketKind::Incident, 42))
        );
        for bad in [
            "",
            "INC",
            "CHG0000001",
            "INC00x1",
            "INC0000000",
            "ÄÖÜ123",
            "INC-1",
        ] {
            assert_eq!(parse_number(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn kinds_round_trip() {
        for k in TicketKind::ALL {
            assert_eq!(TicketKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(TicketKind::parse("change"), None);
    }
}
