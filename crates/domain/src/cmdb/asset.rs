//! The hardware asset lifecycle (ordered → received → in stock → deployed → in repair → retired →
//! disposed) and the dates that warn ahead: a warranty or a licence that ends within 30 days.

use super::model::{CiStatus, word_enum};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

word_enum!(
    /// Where a piece of hardware is in its life.
    AssetState {
        /// On order from the supplier.
        Ordered => ("ordered", "Ordered"),
        /// Delivered, not yet checked in.
        Received => ("received", "Received"),
        /// On the shelf, ready to hand out.
        InStock => ("in_stock", "In stock"),
        /// In someone's hands or in the rack.
        Deployed => ("deployed", "Deployed"),
        /// Away for repair.
        InRepair => ("in_repair", "In repair"),
        /// Out of service, not yet disposed of.
        Retired => ("retired", "Retired"),
        /// Gone: sold, recycled or destroyed.
        Disposed => ("disposed", "Disposed"),
    }
);

/// Why an asset cannot move.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssetMoveError {
    /// The lifecycle has no such step.
    NotAllowed { from: AssetState, to: AssetState },
    /// A deployed asset is someone's: say whose.
    NeedsAssignee,
}

impl std::fmt::Display for AssetMoveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AssetMoveError::NotAllowed { from, to } => write!(
                f,
                "An asset that is {} cannot become {}.",
                from.label().to_lowercase(),
                to.label().to_lowercase()
            ),
            AssetMoveError::NeedsAssignee => {
                f.write_str("Choose who the asset is deployed to before deploying it.")
            }
        }
    }
}

/// What a permitted move does besides changing the state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AssetMove {
    pub to: AssetState,
    /// The asset came back: it is no longer assigned to anyone.
    pub clears_assignee: bool,
}

impl AssetState {
    /// The states an asset may move to from this one.
    pub fn next(self) -> &'static [AssetState] {
        use AssetState::*;
        match self {
            Ordered => &[Received],
            Received => &[InStock, Deployed],
            InStock => &[Deployed, InRepair, Retired],
            Deployed => &[InStock, InRepair, Retired],
            InRepair => &[InStock, Deployed, Retired],
            Retired => &[Disposed],
            Disposed => &[],
        }
    }

    /// The configuration item status that goes with this state.
    pub fn ci_status(self) -> CiStatus {
        use AssetState::*;
        match self {
            Ordered | Received | InStock => CiStatus::Planned,
            Deployed => CiStatus::InUse,
            InRepair => CiStatus::Maintenance,
            Retired | Disposed => CiStatus::Retired,
        }
    }

    /// Checks a move: the step must exist, and deploying needs someone to deploy to (kept while
    /// the asset is in repair, cleared when it goes back to stock or out of service).
    pub fn move_to(self, to: AssetState, assigned: bool) -> Result<AssetMove, AssetMoveError> {
        if !self.next().contains(&to) {
            return Err(AssetMoveError::NotAllowed { from: self, to });
        }
        if to == AssetState::Deployed && !assigned {
            return Err(AssetMoveError::NeedsAssignee);
        }
        Ok(AssetMove {
            to,
            clears_assignee: matches!(
                to,
                AssetState::InStock | AssetState::Retired | AssetState::Disposed
            ),
        })
    }
}

/// How far a date that ends cover (a warranty, a licence) is.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "status")]
pub enum Expiry {
    /// No end date recorded.
    Unknown,
    /// More than [`ENDING_SOON_DAYS`] days left.
    Valid { days_left: i64 },
    /// Ends within [`ENDING_SOON_DAYS`] days (0: ends today).
    EndingSoon { days_left: i64 },
    /// Ended before today.
    Ended { days_ago: i64 },
}

/// Cover that ends within this many days is flagged.
pub const ENDING_SOON_DAYS: i64 = 30;

impl Expiry {
    /// The state of cover that ends on `end` (the last day covered), seen on `today`.
    pub fn of(end: Option<NaiveDate>, today: NaiveDate) -> Expiry {
        let Some(end) = end else {
            return Expiry::Unknown;
        };
        let days_left = (end - today).num_days();
        match days_left {
            d if d < 0 => Expiry::Ended { days_ago: -d },
            d if d <= ENDING_SOON_DAYS => Expiry::EndingSoon { days_left: d },
            d => Expiry::Valid { days_left: d },
        }
    }

    /// Whether to draw attention to it.
    pub fn flagged(self) -> bool {
        matches!(self, Expiry::EndingSoon { .. } | Expiry::Ended { .. })
    }
}
