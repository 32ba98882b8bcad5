//! Reading enumerations back from their stored words (ticket kinds and states, approval statuses
//! and decisions, roles).
//!
//! The database refuses words outside each enumeration (CHECK constraints on PostgreSQL, triggers
//! on SQLite: migration `m20261207_000001_checked_enumerations`), and every reader goes through
//! [`stored`]: a word that still does not parse is a defect, logged with its table and row and
//! answered as an internal error, never read as a default.

use crate::error::{ServiceError, ServiceResult};

/// Parses the word stored in row `id` of `what` (e.g. `"tickets.state"`) with `parse`.
pub(crate) fn stored<T>(
    what: &'static str,
    id: i64,
    word: &str,
    parse: impl FnOnce(&str) -> Option<T>,
) -> ServiceResult<T> {
    parse(word).ok_or_else(|| ServiceError::corrupt(what, id, format!("unknown word {word:?}")))
}

/// As [`stored`], for a column that may be empty.
pub(crate) fn stored_opt<T>(
    what: &'static str,
    id: i64,
    word: Option<&str>,
    parse: impl FnOnce(&str) -> Option<T>,
) -> ServiceResult<Option<T>> {
    word.map(|w| stored(what, id, w, parse)).transpose()
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::tickets::TicketState;

    #[test]
    fn known_words_parse_and_unknown_words_fail() {
        assert_eq!(
            stored("tickets.state", 1, "in_progress", TicketState::parse).ok(),
            Some(TicketState::InProgress)
        );
        assert!(matches!(
            stored("tickets.state", 1, "In Progress", TicketState::parse),
            Err(ServiceError::Internal)
        ));
        assert_eq!(
            stored_opt("tickets.state", 1, None, TicketState::parse).ok(),
            Some(None)
        );
        assert!(stored_opt("tickets.state", 1, Some(""), TicketState::parse).is_err());
    }

    #[test]
    fn the_database_checks_exactly_the_words_the_domain_writes() {
        use db::migrations::m20261207_000001_checked_enumerations::{Allowed, CHECKED};
        use db::migrations::m20261207_000002_shared_approvals::CHECKED as APPROVALS;
        use db::migrations::m20261207_000003_cmdb::CHECKED as CMDB;
        use domain::approvals::{ApprovalStatus, Decision};
        use domain::cmdb::asset::AssetState;
        use domain::cmdb::{CiStatus, ClassKind, Environment, RelationKind};
        use domain::events::RecordKind;
        use domain::tickets::model::LinkKind;
        use domain::tickets::{HoldReason, ResolutionCode, TicketKind};
        let checked = |table: &str, column: &str| -> Vec<&str> {
            // The newest migration that checks a column says what it accepts now.
            match CMDB
                .iter()
                .chain(CHECKED)
                .chain(APPROVALS)
                .find(|(t, c, _)| *t == table && *c == column)
            {
                Some((_, _, Allowed::Words(words))) => words.to_vec(),
                _ => panic!("{table}.{column} is not checked"),
            }
        };
        let cases: [(&str, &str, Vec<&str>); 15] = [
            (
                "ci_classes",
                "kind",
                ClassKind::ALL.iter().map(|k| k.as_str()).collect(),
            ),
            (
                "cis",
                "status",
                CiStatus::ALL.iter().map(|k| k.as_str()).collect(),
            ),
            (
                "cis",
                "environment",
                Environment::ALL.iter().map(|k| k.as_str()).collect(),
            ),
            (
                "cis",
                "asset_state",
                AssetState::ALL.iter().map(|k| k.as_str()).collect(),
            ),
            (
                "ci_relationships",
                "kind",
                RelationKind::ALL.iter().map(|k| k.as_str()).collect(),
            ),
            (
                "tickets",
                "kind",
                TicketKind::ALL.map(TicketKind::as_str).to_vec(),
            ),
            (
                "tickets",
                "state",
                TicketState::ALL.map(TicketState::as_str).to_vec(),
            ),
            (
                "tickets",
                "hold_reason",
                HoldReason::ALL.map(HoldReason::as_str).to_vec(),
            ),
            (
                "tickets",
                "resolution_code",
                ResolutionCode::ALL.map(ResolutionCode::as_str).to_vec(),
            ),
            (
                "ticket_links",
                "kind",
                LinkKind::ALL.map(LinkKind::as_str).to_vec(),
            ),
            (
                "approval_flows",
                "status",
                ApprovalStatus::ALL.map(ApprovalStatus::as_str).to_vec(),
            ),
            (
                "approval_flows",
                "record_kind",
                RecordKind::ALL.map(RecordKind::as_str).to_vec(),
            ),
            (
                "approvals",
                "record_kind",
                RecordKind::ALL.map(RecordKind::as_str).to_vec(),
            ),
            (
                "approvals",
                "decision",
                Decision::ALL.map(Decision::as_str).to_vec(),
            ),
            (
                "user_roles",
                "role",
                domain::Role::ALL.map(domain::Role::as_str).to_vec(),
            ),
        ];
        for (table, column, domain_words) in cases {
            assert_eq!(checked(table, column), domain_words, "{table}.{column}");
        }
    }
}
