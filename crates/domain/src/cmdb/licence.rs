//! Software licences: seats bought, seats assigned to people or CIs, over-allocation and expiry.

use super::asset::Expiry;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Where a licence stands on a given day.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LicenceStanding {
    pub seats: u32,
    pub assigned: u32,
    /// Seats left; negative when more are assigned than were bought.
    pub free: i64,
    /// More seats assigned than bought: a compliance risk to fix.
    pub over_allocated: bool,
    pub expiry: Expiry,
}

impl LicenceStanding {
    pub fn of(seats: u32, assigned: u32, expires: Option<NaiveDate>, today: NaiveDate) -> Self {
        let free = i64::from(seats) - i64::from(assigned);
        LicenceStanding {
            seats,
            assigned,
            free,
            over_allocated: free < 0,
            expiry: Expiry::of(expires, today),
        }
    }
}

/// Why a seat cannot be assigned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeatError {
    /// The licence ended; renew it first.
    Expired { on: NaiveDate },
    /// This person or CI already holds a seat of it.
    AlreadyAssigned,
}

impl std::fmt::Display for SeatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SeatError::Expired { on } => write!(
                f,
                "This licence ended on {}; renew it before assigning seats.",
                on.format("%-d %B %Y")
            ),
            SeatError::AlreadyAssigned => f.write_str("They already have a seat of this licence."),
        }
    }
}

/// Whether one more seat may be assigned. Assigning beyond the seats bought is allowed (people
/// must not wait for a purchase order to work) and flagged by [`LicenceStanding::over_allocated`];
/// an ended licence and a second seat for the same holder are refused. The seat is proposed
/// as of `today`.
pub fn check_seat(
    expires: Option<NaiveDate>,
    holder_has_seat: bool,
    today: NaiveDate,
) -> Result<(), SeatError> {
    if let (Some(on), Expiry::Ended { .. }) = (expires, Expiry::of(expires, today)) {
        return Err(SeatError::Expired { on });
    }
    if holder_has_seat {
        return Err(SeatError::AlreadyAssigned);
    }
    Ok(())
}
