//! Fulfilment of a catalog request: the tasks an item defines, run one after another or all at
//! once, each a ticket of its own on the resolver group's board. The request resolves when every
//! task is finished (resolved, closed or cancelled).

use crate::ids::GroupId;
use serde::{Deserialize, Serialize};

/// Whether tasks wait for the one before them.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskOrder {
    /// Each task starts when the previous one is finished.
    #[default]
    Sequence,
    /// All tasks start together.
    Parallel,
}

impl TaskOrder {
    pub fn label(self) -> &'static str {
        match self {
            TaskOrder::Sequence => "One after another",
            TaskOrder::Parallel => "All at once",
        }
    }
}

/// One task an item's requests need.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskTemplate {
    /// "Prepare the laptop", "Create the account".
    pub title: String,
    /// The resolver group; when empty, the item's fulfilment group.
    #[serde(default)]
    pub group: Option<GroupId>,
    /// Instructions for the agent.
    #[serde(default)]
    pub instructions: String,
}

/// The tasks of an item.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FulfilmentPlan {
    #[serde(default)]
    pub order: TaskOrder,
    #[serde(default)]
    pub tasks: Vec<TaskTemplate>,
}

/// Where one planned task stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskProgress {
    /// Not created yet: it waits for an earlier task.
    NotStarted,
    /// Created and not finished.
    Open,
    /// Resolved, closed or cancelled.
    Done,
}

impl FulfilmentPlan {
    /// The tasks to create now, given where each planned task stands.
    pub fn to_start(&self, progress: &[TaskProgress]) -> Vec<usize> {
        let state = |i: usize| progress.get(i).copied().unwrap_or(TaskProgress::NotStarted);
        match self.order {
            TaskOrder::Parallel => (0..self.tasks.len())
                .filter(|i| state(*i) == TaskProgress::NotStarted)
                .collect(),
            TaskOrder::Sequence => {
                let first_unfinished =
                    (0..self.tasks.len()).find(|i| state(*i) != TaskProgress::Done);
                match first_unfinished {
                    Some(i) if state(i) == TaskProgress::NotStarted => vec![i],
                    _ => Vec::new(),
                }
            }
        }
    }

    /// Whether every task is done (an item without tasks is fulfilled by hand, never by this).
    pub fn is_fulfilled(&self, progress: &[TaskProgress]) -> bool {
        !self.tasks.is_empty()
            && (0..self.tasks.len()).all(|i| progress.get(i) == Some(&TaskProgress::Done))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use TaskProgress::*;

    fn plan(order: TaskOrder, n: usize) -> FulfilmentPlan {
        FulfilmentPlan {
            order,
            tasks: (0..n)
                .map(|i| TaskTemplate {
                    title: format!("Task {i}"),
                    group: None,
                    instructions: String::new(),
                })
                .collect(),
        }
    }

    #[test]
    fn which_tasks_start() {
        use TaskOrder::*;
        let table: Vec<(TaskOrder, Vec<TaskProgress>, Vec<usize>, bool)> = vec![
            (Sequence, vec![], vec![0], false),
            (Sequence, vec![Open, NotStarted, NotStarted], vec![], false),
            (Sequence, vec![Done, NotStarted, NotStarted], vec![1], false),
            (Sequence, vec![Done, Open, NotStarted], vec![], false),
            (Sequence, vec![Done, Done, NotStarted], vec![2], false),
            (Sequence, vec![Done, Done, Done], vec![], true),
            (Parallel, vec![], vec![0, 1, 2], false),
            (Parallel, vec![Open, Open, Open], vec![], false),
            (Parallel, vec![Done, Open, Done], vec![], false),
            (Parallel, vec![Done, Done, Done], vec![], true),
        ];
        for (order, progress, start, done) in table {
            let p = plan(order, 3);
            assert_eq!(p.to_start(&progress), start, "{order:?} {progress:?}");
            assert_eq!(p.is_fulfilled(&progress), done, "{order:?} {progress:?}");
        }
        let none = plan(Sequence, 0);
        assert!(none.to_start(&[]).is_empty());
        assert!(
            !none.is_fulfilled(&[]),
            "no tasks: an agent fulfils the request by hand"
        );
    }
}
