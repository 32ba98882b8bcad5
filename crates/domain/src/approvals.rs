//! Approvals of a catalog request: stages in sequence, each with its approvers and a rule.
//!
//! [`stage_outcome`] decides a stage from its decisions so far:
//! - `any`: the first decision decides (one approval approves, one rejection rejects);
//! - `all`: every approver must approve, one rejection rejects;
//! - `majority`: more than half must approve; rejected as soon as that can no longer happen.
//!
//! A rejection at any stage ends the request; the last stage approving starts fulfilment.

use crate::ids::{GroupId, UserId};
use serde::{Deserialize, Serialize};

/// Who approves a stage.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Approvers {
    /// The requester's line manager.
    Manager,
    /// The members of a group (the requester excluded).
    Group { group: GroupId },
    /// Named people (the requester excluded).
    Users { users: Vec<UserId> },
}

/// How a stage's decisions combine.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApprovalRule {
    Any,
    All,
    Majority,
}

impl ApprovalRule {
    pub const ALL: [ApprovalRule; 3] =
        [ApprovalRule::Any, ApprovalRule::All, ApprovalRule::Majority];

    pub fn as_str(self) -> &'static str {
        match self {
            ApprovalRule::Any => "any",
            ApprovalRule::All => "all",
            ApprovalRule::Majority => "majority",
        }
    }

    pub fn parse(s: &str) -> Option<ApprovalRule> {
        ApprovalRule::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// "Any one approver", for the form builder.
    pub fn label(self) -> &'static str {
        match self {
            ApprovalRule::Any => "Any one approver",
            ApprovalRule::All => "Every approver",
            ApprovalRule::Majority => "A majority of approvers",
        }
    }

    /// What the stage needs, in plain words, for `n` approvers.
    pub fn describe(self, n: usize) -> String {
        match (self, n) {
            (_, 1) => "1 approval needed".to_string(),
            (ApprovalRule::Any, n) => format!("1 of {n} approvers"),
            (ApprovalRule::All, n) => format!("all {n} approvers"),
            (ApprovalRule::Majority, n) => format!("{} of {n} approvers", n / 2 + 1),
        }
    }
}

/// One stage of an item's approval plan.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalStage {
    /// "Manager", "Finance", "Security review".
    pub name: String,
    pub approvers: Approvers,
    pub rule: ApprovalRule,
}

/// One approver's answer.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Pending,
    Approved,
    Rejected,
    /// The stage was decided before this approver answered.
    NotNeeded,
}

impl Decision {
    pub const ALL: [Decision; 4] = [
        Decision::Pending,
        Decision::Approved,
        Decision::Rejected,
        Decision::NotNeeded,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Pending => "pending",
            Decision::Approved => "approved",
            Decision::Rejected => "rejected",
            Decision::NotNeeded => "not_needed",
        }
    }

    pub fn parse(s: &str) -> Option<Decision> {
        Decision::ALL.into_iter().find(|d| d.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Decision::Pending => "Waiting",
            Decision::Approved => "Approved",
            Decision::Rejected => "Rejected",
            Decision::NotNeeded => "Not needed",
        }
    }
}

/// Where a stage stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StageOutcome {
    Waiting,
    Approved,
    Rejected,
}

/// Decides a stage from its approvers' decisions (one per approver).
pub fn stage_outcome(rule: ApprovalRule, decisions: &[Decision]) -> StageOutcome {
    let n = decisions.len();
    let yes = decisions
        .iter()
        .filter(|d| **d == Decision::Approved)
        .count();
    let no = decisions
        .iter()
        .filter(|d| **d == Decision::Rejected)
        .count();
    if n == 0 {
        return StageOutcome::Waiting;
    }
    match rule {
        ApprovalRule::Any if no > 0 => StageOutcome::Rejected,
        ApprovalRule::Any if yes > 0 => StageOutcome::Approved,
        ApprovalRule::All if no > 0 => StageOutcome::Rejected,
        ApprovalRule::All if yes == n => StageOutcome::Approved,
        ApprovalRule::Majority if yes * 2 > n => StageOutcome::Approved,
        ApprovalRule::Majority if (n - no) * 2 <= n => StageOutcome::Rejected,
        _ => StageOutcome::Waiting,
    }
}

/// Where a request's approval stands.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApprovalStatus {
    /// The item needs no approval.
    NotRequired,
    /// Waiting for a stage's approvers.
    Pending,
    Approved,
    Rejected,
}

impl ApprovalStatus {
    pub const ALL: [ApprovalStatus; 4] = [
        ApprovalStatus::NotRequired,
        ApprovalStatus::Pending,
        ApprovalStatus::Approved,
        ApprovalStatus::Rejected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ApprovalStatus::NotRequired => "not_required",
            ApprovalStatus::Pending => "pending",
            ApprovalStatus::Approved => "approved",
            ApprovalStatus::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<ApprovalStatus> {
        ApprovalStatus::ALL.into_iter().find(|d| d.as_str() == s)
    }
}

/// What happens after a stage's outcome changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextStep {
    /// Keep waiting for this stage.
    Wait,
    /// Ask the approvers of the stage with this index.
    StartStage(usize),
    /// Every stage approved: start fulfilment.
    Approved,
    /// A stage rejected: the request ends.
    Rejected,
}

/// The step after stage `stage` (of `stages`) reached `outcome`.
pub fn next_step(stages: usize, stage: usize, outcome: StageOutcome) -> NextStep {
    match outcome {
        StageOutcome::Waiting => NextStep::Wait,
        StageOutcome::Rejected => NextStep::Rejected,
        StageOutcome::Approved if stage + 1 < stages => NextStep::StartStage(stage + 1),
        StageOutcome::Approved => NextStep::Approved,
    }
}

#[cfg(test)]
#[path = "approval_tests.rs"]
mod tests;
