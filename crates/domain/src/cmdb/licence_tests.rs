//! Seats, over-allocation and expiry of software licences.

use super::asset::Expiry;
use super::licence::*;
use chrono::NaiveDate;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid test date")
}

#[test]
fn standing_counts_free_seats_and_flags_over_allocation() {
    let today = day(2026, 12, 7);
    for (seats, assigned, free, over) in [
        (10, 0, 10, false),
        (10, 10, 0, false),
        (10, 11, -1, true),
        (0, 3, -3, true),
        (u32::MAX, u32::MAX, 0, false),
    ] {
        let s = LicenceStanding::of(seats, assigned, None, today);
        assert_eq!(
            (s.free, s.over_allocated),
            (free, over),
            "{seats} seats, {assigned} assigned"
        );
        assert_eq!(s.expiry, Expiry::Unknown);
    }
    let s = LicenceStanding::of(5, 1, Some(day(2026, 12, 20)), today);
    assert_eq!(s.expiry, Expiry::EndingSoon { days_left: 13 });
}

#[test]
fn seats_of_ended_licences_and_second_seats_are_refused() {
    let today = day(2026, 12, 7);
    let ended = day(2026, 11, 30);
    for (expires, has_seat, expected) in [
        (None, false, Ok(())),
        (Some(today), false, Ok(())),
        (Some(day(2027, 6, 30)), false, Ok(())),
        (Some(ended), false, Err(SeatError::Expired { on: ended })),
        (Some(ended), true, Err(SeatError::Expired { on: ended })),
        (None, true, Err(SeatError::AlreadyAssigned)),
    ] {
        assert_eq!(
            check_seat(expires, has_seat, today),
            expected,
            "{expires:?} {has_seat}"
        );
    }
    assert_eq!(
        SeatError::Expired { on: ended }.to_string(),
        "This licence ended on 30 November 2026; renew it before assigning seats."
    );
}
