//! The approval engine's rules, for every record that needs people's consent: a catalog request
//! today, a change's authorisation by the CAB next.
//!
//! A record's approval is a plan of stages decided in sequence, each with its approvers and a
//! rule. [`stage_outcome`] decides a stage from its decisions so far:
//! - `any`: the first decision decides (one approval approves, one rejection rejects);
//! - `all`: every approver must approve, one rejection rejects;
//! - `majority`: more than half must approve; rejected as soon as that can no longer happen.
//!
//! An approver who abstains (a CAB member with a conflict of interest) leaves the stage's count:
//! the rule applies to those who did not abstain, and a stage where everyone abstained is
//! rejected, for nobody consented. A rejection at any stage ends the approval; the last stage
//! approving approves the record, and its area goes on (a catalog request starts fulfilment).
//! [`stage_status`] says, for a progress view, where each stage of a plan stands.

use crate::events::RecordKind;
use crate::ids::{GroupId, UserId};
use serde::{Deserialize, Serialize};

/// The record an approval is about (a catalog request is a ticket; a change will be one too, or
/// its own kind).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Subject {
    pub kind: RecordKind,
    pub id: i64,
}

impl Subject {
    pub fn ticket(id: i64) -> Subject {
        Subject {
            kind: RecordKind::Ticket,
            id,
        }
    }
}

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

/// One stage of an approval plan (a catalog item's, a change type's).
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
    /// The approver chose not to take part; the rule counts the others.
    Abstained,
}

impl Decision {
    pub const ALL: [Decision; 5] = [
        Decision::Pending,
        Decision::Approved,
        Decision::Rejected,
        Decision::NotNeeded,
        Decision::Abstained,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Pending => "pending",
            Decision::Approved => "approved",
            Decision::Rejected => "rejected",
            Decision::NotNeeded => "not_needed",
            Decision::Abstained => "abstained",
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
            Decision::Abstained => "Abstained",
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

/// Decides a stage from its approvers' decisions (one per approver; abstentions leave the count).
pub fn stage_outcome(rule: ApprovalRule, decisions: &[Decision]) -> StageOutcome {
    let count = |d: Decision| decisions.iter().filter(|x| **x == d).count();
    let (yes, no, abstained) = (
        count(Decision::Approved),
        count(Decision::Rejected),
        count(Decision::Abstained),
    );
    if decisions.is_empty() {
        return StageOutcome::Waiting;
    }
    // Those whose decision counts: everyone but who abstained.
    let n = decisions.len() - abstained;
    let undecided = n - yes - no;
    match rule {
        ApprovalRule::Any | ApprovalRule::All if no > 0 => StageOutcome::Rejected,
        ApprovalRule::Any if yes > 0 => StageOutcome::Approved,
        ApprovalRule::All if yes == n && n > 0 => StageOutcome::Approved,
        ApprovalRule::Majority if yes * 2 > n => StageOutcome::Approved,
        // Even if everyone undecided approved, no majority: rejected now.
        ApprovalRule::Majority if (yes + undecided) * 2 <= n => StageOutcome::Rejected,
        // Everyone abstained: nobody consented.
        _ if n == 0 => StageOutcome::Rejected,
        _ => StageOutcome::Waiting,
    }
}

/// Where a record's approval stands.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApprovalStatus {
    /// The record needs no approval.
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
    /// Every stage approved: the record's area goes on (fulfilment, scheduling).
    Approved,
    /// A stage rejected: the approval ends, later stages are never asked.
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

/// Where one stage of a plan stands, for a progress view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StageStatus {
    NotStarted,
    Waiting,
    Approved,
    Rejected,
    /// Never decided: an earlier stage rejected, or the record ended first.
    NotNeeded,
}

impl StageStatus {
    pub fn label(self) -> &'static str {
        match self {
            StageStatus::NotStarted => "Not started",
            StageStatus::Waiting => "Waiting",
            StageStatus::Approved => "Approved",
            StageStatus::Rejected => "Rejected",
            StageStatus::NotNeeded => "Not needed",
        }
    }
}

/// Where stage `stage` stands, given its rule and decisions (those marked not needed left out),
/// the stage being decided now (`current`), the approval's status, and whether the record is
/// still open (a withdrawn record's waiting stage is not needed any more).
pub fn stage_status(
    rule: ApprovalRule,
    decisions: &[Decision],
    stage: usize,
    current: usize,
    approval: ApprovalStatus,
    record_open: bool,
) -> StageStatus {
    if stage > current {
        return if approval == ApprovalStatus::Rejected {
            StageStatus::NotNeeded
        } else {
            StageStatus::NotStarted
        };
    }
    match stage_outcome(rule, decisions) {
        StageOutcome::Approved => StageStatus::Approved,
        StageOutcome::Rejected => StageStatus::Rejected,
        StageOutcome::Waiting if !record_open => StageStatus::NotNeeded,
        StageOutcome::Waiting => StageStatus::Waiting,
    }
}

#[cfg(test)]
#[path = "approvals_tests.rs"]
mod tests;
