//! Every asset state × target state against one expected table, and the 30-day flags.

use super::asset::*;
use super::model::CiStatus;
use chrono::NaiveDate;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid test date")
}

/// (from, to) pairs the lifecycle allows; every other pair is refused.
fn allowed() -> Vec<(AssetState, AssetState)> {
    use AssetState::*;
    vec![
        (Ordered, Received),
        (Received, InStock),
        (Received, Deployed),
        (InStock, Deployed),
        (InStock, InRepair),
        (InStock, Retired),
        (Deployed, InStock),
        (Deployed, InRepair),
        (Deployed, Retired),
        (InRepair, InStock),
        (InRepair, Deployed),
        (InRepair, Retired),
        (Retired, Disposed),
    ]
}

#[test]
fn every_move_is_in_the_table_or_refused() {
    let allowed = allowed();
    for &from in AssetState::ALL {
        for &to in AssetState::ALL {
            let result = from.move_to(to, true);
            if allowed.contains(&(from, to)) {
                let m = result.unwrap_or_else(|e| panic!("{from:?} → {to:?}: {e}"));
                assert_eq!(m.to, to);
            } else {
                assert_eq!(
                    result,
                    Err(AssetMoveError::NotAllowed { from, to }),
                    "{from:?} → {to:?}"
                );
            }
        }
    }
}

#[test]
fn deploying_needs_someone_and_coming_back_frees_the_asset() {
    use AssetState::*;
    for from in [Received, InStock, InRepair] {
        assert_eq!(
            from.move_to(Deployed, false),
            Err(AssetMoveError::NeedsAssignee)
        );
    }
    for (from, to, clears) in [
        (Deployed, InStock, true),
        (Deployed, InRepair, false),
        (Deployed, Retired, true),
        (InRepair, Deployed, false),
        (Retired, Disposed, true),
        (Ordered, Received, false),
    ] {
        let m = from.move_to(to, true).expect("an allowed move");
        assert_eq!(m.clears_assignee, clears, "{from:?} → {to:?}");
    }
    // Only deploying asks for an assignee.
    assert!(Deployed.move_to(InRepair, false).is_ok());
}

#[test]
fn refusals_are_sentences() {
    let e = AssetState::Disposed
        .move_to(AssetState::Deployed, true)
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "An asset that is disposed cannot become deployed."
    );
    assert!(
        AssetMoveError::NeedsAssignee
            .to_string()
            .starts_with("Choose who")
    );
}

#[test]
fn states_map_to_ci_statuses_and_read_back() {
    use AssetState::*;
    for (state, status) in [
        (Ordered, CiStatus::Planned),
        (InStock, CiStatus::Planned),
        (Deployed, CiStatus::InUse),
        (InRepair, CiStatus::Maintenance),
        (Disposed, CiStatus::Retired),
    ] {
        assert_eq!(state.ci_status(), status, "{state:?}");
    }
    for &s in AssetState::ALL {
        assert_eq!(AssetState::parse(s.as_str()), Some(s));
    }
    assert!(Disposed.next().is_empty(), "disposed is the end");
}

#[test]
fn cover_ending_within_30_days_is_flagged() {
    let today = day(2026, 12, 7);
    for (end, expected) in [
        (None, Expiry::Unknown),
        (Some(day(2027, 3, 1)), Expiry::Valid { days_left: 84 }),
        (Some(day(2027, 1, 7)), Expiry::Valid { days_left: 31 }),
        (Some(day(2027, 1, 6)), Expiry::EndingSoon { days_left: 30 }),
        (Some(today), Expiry::EndingSoon { days_left: 0 }),
        (Some(day(2026, 12, 6)), Expiry::Ended { days_ago: 1 }),
        (Some(day(2025, 12, 7)), Expiry::Ended { days_ago: 365 }),
    ] {
        let got = Expiry::of(end, today);
        assert_eq!(got, expected, "{end:?}");
        assert_eq!(
            got.flagged(),
            matches!(expected, Expiry::EndingSoon { .. } | Expiry::Ended { .. })
        );
    }
}
