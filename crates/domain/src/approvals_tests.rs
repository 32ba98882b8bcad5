//! The approval engine's rules, table by table.

use super::*;
use Decision::*;

#[test]
fn stage_outcomes() {
    use ApprovalRule as R;
    use StageOutcome as O;
    let table: Vec<(R, Vec<Decision>, O)> = vec![
        (R::Any, vec![], O::Waiting),
        (R::Any, vec![Pending], O::Waiting),
        (R::Any, vec![Approved], O::Approved),
        (R::Any, vec![Rejected], O::Rejected),
        (R::Any, vec![Pending, Pending, Approved], O::Approved),
        (R::Any, vec![Rejected, Pending, Pending], O::Rejected),
        (R::All, vec![Approved, Pending], O::Waiting),
        (R::All, vec![Approved, Approved], O::Approved),
        (R::All, vec![Approved, Rejected, Pending], O::Rejected),
        (R::All, vec![Approved], O::Approved),
        (R::Majority, vec![Approved, Pending, Pending], O::Waiting),
        (R::Majority, vec![Approved, Approved, Pending], O::Approved),
        (R::Majority, vec![Rejected, Pending, Pending], O::Waiting),
        (R::Majority, vec![Rejected, Rejected, Pending], O::Rejected),
        (R::Majority, vec![Approved, Rejected, Pending], O::Waiting),
        // Four approvers: three approvals needed; two rejections make that impossible.
        (
            R::Majority,
            vec![Approved, Approved, Pending, Pending],
            O::Waiting,
        ),
        (
            R::Majority,
            vec![Approved, Approved, Approved, Pending],
            O::Approved,
        ),
        (
            R::Majority,
            vec![Rejected, Rejected, Approved, Pending],
            O::Rejected,
        ),
        (
            R::Majority,
            vec![Rejected, Approved, Approved, Pending],
            O::Waiting,
        ),
        (R::Majority, vec![Approved], O::Approved),
        (R::Majority, vec![Rejected], O::Rejected),
        // Abstentions leave the count; a stage where everyone abstained is rejected.
        (R::Any, vec![Abstained, Pending], O::Waiting),
        (R::Any, vec![Abstained, Approved], O::Approved),
        (R::Any, vec![Abstained, Abstained], O::Rejected),
        (R::All, vec![Approved, Abstained], O::Approved),
        (R::All, vec![Approved, Abstained, Pending], O::Waiting),
        (R::All, vec![Abstained], O::Rejected),
        (
            R::Majority,
            vec![Approved, Abstained, Abstained],
            O::Approved,
        ),
        (
            R::Majority,
            vec![Approved, Rejected, Abstained],
            O::Rejected,
        ),
        // Five on the board, one abstains: three of the four others are needed.
        (
            R::Majority,
            vec![Approved, Approved, Rejected, Abstained, Pending],
            O::Waiting,
        ),
        (
            R::Majority,
            vec![Approved, Approved, Rejected, Abstained, Abstained],
            O::Approved,
        ),
        (
            R::Majority,
            vec![Approved, Rejected, Abstained, Pending, Pending],
            O::Waiting,
        ),
        (
            R::Majority,
            vec![Abstained, Abstained, Abstained],
            O::Rejected,
        ),
    ];
    for (rule, decisions, expected) in table {
        assert_eq!(
            stage_outcome(rule, &decisions),
            expected,
            "{rule:?} {decisions:?}"
        );
    }
}

#[test]
fn stages_run_in_sequence() {
    use StageOutcome as O;
    let table = [
        (3, 0, O::Waiting, NextStep::Wait),
        (3, 0, O::Approved, NextStep::StartStage(1)),
        (3, 1, O::Approved, NextStep::StartStage(2)),
        (3, 2, O::Approved, NextStep::Approved),
        (3, 1, O::Rejected, NextStep::Rejected),
        (1, 0, O::Approved, NextStep::Approved),
        (1, 0, O::Rejected, NextStep::Rejected),
    ];
    for (stages, stage, outcome, expected) in table {
        assert_eq!(
            next_step(stages, stage, outcome),
            expected,
            "{stages} {stage} {outcome:?}"
        );
    }
}

/// A two-stage plan walked decision by decision: manager (any), then a CAB-style board
/// (majority of three).
#[test]
fn a_multi_stage_request_walked_through() {
    let rules = [ApprovalRule::Any, ApprovalRule::Majority];
    let mut stage = 0;
    let mut decisions = vec![Pending];
    let script = [
        (0, Approved, NextStep::StartStage(1)),
        (0, Approved, NextStep::Wait),
        (1, Rejected, NextStep::Wait),
        (2, Approved, NextStep::Approved),
    ];
    for (who, decision, expected) in script {
        decisions[who] = decision;
        let step = next_step(rules.len(), stage, stage_outcome(rules[stage], &decisions));
        assert_eq!(step, expected, "stage {stage}, {decisions:?}");
        if let NextStep::StartStage(next) = step {
            stage = next;
            decisions = vec![Pending; 3];
        }
    }
}

#[test]
fn words_and_identifiers() {
    assert_eq!(ApprovalRule::Any.describe(1), "1 approval needed");
    assert_eq!(ApprovalRule::Any.describe(4), "1 of 4 approvers");
    assert_eq!(ApprovalRule::All.describe(3), "all 3 approvers");
    assert_eq!(ApprovalRule::Majority.describe(4), "3 of 4 approvers");
    assert_eq!(ApprovalRule::Majority.describe(5), "3 of 5 approvers");
    for r in ApprovalRule::ALL {
        assert_eq!(ApprovalRule::parse(r.as_str()), Some(r));
    }
    for d in Decision::ALL {
        assert_eq!(Decision::parse(d.as_str()), Some(d));
    }
    for s in ApprovalStatus::ALL {
        assert_eq!(ApprovalStatus::parse(s.as_str()), Some(s));
    }
}

#[test]
fn where_each_stage_stands() {
    use ApprovalStatus as A;
    use StageStatus as S;
    let any = ApprovalRule::Any;
    // (decisions, stage, current, approval, record open) → status
    let table: Vec<(Vec<Decision>, usize, usize, A, bool, S)> = vec![
        (vec![Approved], 0, 1, A::Pending, true, S::Approved),
        (vec![Pending], 1, 1, A::Pending, true, S::Waiting),
        (vec![Pending], 2, 1, A::Pending, true, S::NotStarted),
        (vec![Rejected], 1, 1, A::Rejected, true, S::Rejected),
        (vec![Pending], 2, 1, A::Rejected, true, S::NotNeeded),
        // A withdrawn record's waiting stage is not needed any more.
        (vec![Pending], 0, 0, A::Pending, false, S::NotNeeded),
        (vec![Approved], 0, 0, A::Approved, false, S::Approved),
    ];
    for (decisions, stage, current, approval, open, expected) in table {
        assert_eq!(
            stage_status(any, &decisions, stage, current, approval, open),
            expected,
            "{decisions:?} stage {stage} of current {current}, {approval:?}, open {open}"
        );
    }
    assert_eq!(S::NotStarted.label(), "Not started");
    assert_eq!(S::NotNeeded.label(), "Not needed");
}
