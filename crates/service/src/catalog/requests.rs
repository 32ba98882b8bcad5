//! Ordering from the catalog and following the order: submitting an item's form creates a
//! service request ticket carrying the answers as data, asks the first approval stage (or starts
//! fulfilment), and the requester, the approvers and agents read where it stands.

use super::browse::live_item;
use super::fulfilment::{advance, tasks_of};
use super::{definition, missing_approval, snapshot};
use crate::Services;
use crate::error::{ServiceError, ServiceResult};
use crate::tickets::cards::Names;
use crate::tickets::commands::{NewRow, insert_row};
use crate::tickets::find_visible;
use crate::tickets::hooks::ChangeScope;
use crate::tickets::store::{audit, event};
use crate::users::require;
use chrono::Duration;
use db::entities::{approval, catalog_item, catalog_item_version, catalog_request, ticket, user};
use domain::approvals::{Subject, stage_status};
use domain::catalog::{
    Answer, AnswerLine, Answers, ApprovalStatus, ApproverView, Approvers, Decision, ItemDefinition,
    NewRequest, RequestSummary, RequestView, StageView, SubmittedRequest, TaskView, request_status,
};
use domain::events::RecordKind;
use domain::tickets::board::ChangeKind;
use domain::tickets::{Level, TicketKind, TicketState};
use domain::{Actor, ApprovalId, Capability};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use std::collections::HashMap;

/// Checks answers that name people: they must exist.
async fn check_people(
    db: &impl ConnectionTrait,
    def: &ItemDefinition,
    answers: &Answers,
) -> ServiceResult<()> {
    let mut errors = domain::users::FieldErrors::default();
    for f in &def.form.fields {
        if let Some(Answer::User(u)) = answers.get(&f.key)
            && user::Entity::find_by_id(u.0).one(db).await?.is_none()
        {
            errors.add(&f.key, "That person does not exist.");
        }
    }
    errors.into_result().map_err(ServiceError::Invalid)
}

/// Orders an item: validates the answers against the live version's form, creates the request
/// ticket with the answers, asks the first approval stage or starts fulfilment.
#[tracing::instrument(skip(s, actor, new), fields(actor = %actor.username), err(level = "info"))]
pub async fn submit(
    s: &Services,
    actor: &Actor,
    item_key: &str,
    new: NewRequest,
) -> ServiceResult<SubmittedRequest> {
    require(actor, Capability::UseSelfService)?;
    let (item, version, def) = live_item(s, actor, item_key).await?;
    let now = crate::now();
    let answers = def
        .form
        .validate(&def.form.with_defaults(&new.answers), now.date_naive())
        .map_err(ServiceError::Invalid)?;
    check_people(&s.db, &def, &answers).await?;
    let requester = user::Entity::find_by_id(actor.user_id.0)
        .one(&s.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let mut stages = Vec::new();
    for stage in &def.approvals {
        let ids = crate::approvals::approvers_of(&s.db, &stage.approvers, &requester).await?;
        if ids.is_empty() {
            return Err(ServiceError::field(
                "request",
                match stage.approvers {
                    Approvers::Manager => "This item needs your manager's approval, and no manager is on record for you. Ask the service desk to update your profile.".to_string(),
                    _ => format!("Nobody can approve the '{}' step at the moment. Contact the service desk.", stage.name),
                },
            ));
        }
        stages.push(ids);
    }
    let category = snapshot(s)
        .await?
        .categories
        .iter()
        .find(|c| c.id == item.category_id)
        .map(|c| c.name.clone())
        .unwrap_or_default();

    let txn = crate::database::begin_write(&s.db).await?;
    let names = Names::load(&txn, answer_people(&answers), vec![]).await?;
    let lines = answer_lines(&def, &answers, &names);
    let description = lines
        .iter()
        .map(|l| format!("- **{}**: {}", l.label, l.value))
        .collect::<Vec<_>>()
        .join("\n");
    let row = insert_row(
        &txn,
        &s.tickets,
        actor,
        NewRow {
            kind: TicketKind::Request,
            title: def.name.clone(),
            description: if description.is_empty() {
                format!("Ordered from the catalog: {}.", def.name)
            } else {
                description
            },
            requester_id: actor.user_id.0,
            caller: None,
            group_id: def.fulfilment_group.map(|g| g.0),
            assignee_id: None,
            category,
            subcategory: def.name.clone(),
            impact: Level::LOW,
            urgency: Level::LOW,
            tags: String::new(),
        },
        now,
    )
    .await?;
    let status = crate::approvals::start(&txn, Subject::ticket(row.id), &stages, now).await?;
    let expected_by = (status == ApprovalStatus::NotRequired)
        .then_some(def.delivery_days)
        .flatten()
        .map(|d| now.date_naive() + Duration::days(i64::from(d)));
    catalog_request::ActiveModel {
        ticket_id: Set(row.id),
        item_id: Set(item.id),
        version_id: Set(version.id),
        answers: Set(serde_json::to_string(&answers).map_err(|_| ServiceError::Internal)?),
        expected_by: Set(expected_by),
        rejection: Set(None),
    }
    .insert(&txn)
    .await?;
    catalog_item::Entity::update_many()
        .col_expr(
            catalog_item::Column::RequestCount,
            Expr::col(catalog_item::Column::RequestCount).add(1),
        )
        .filter(catalog_item::Column::Id.eq(item.id))
        .exec(&txn)
        .await?;
    let first_stage = def
        .approvals
        .first()
        .map(|st| format!("Waiting for {}", st.name));
    audit(
        &txn,
        row.id,
        actor,
        now,
        vec![
            (
                "catalog_item".into(),
                None,
                Some(format!("{} (version {})", def.name, version.number)),
            ),
            (
                "approval".into(),
                None,
                Some(first_stage.unwrap_or_else(|| "Not required".into())),
            ),
        ],
    )
    .await?;
    let created = event(
        actor,
        ChangeKind::Created,
        None,
        crate::tickets::cards::card(&txn, &row).await?,
        now,
    );
    let mut events = vec![created];
    if status == ApprovalStatus::NotRequired {
        let scope = ChangeScope::new(s, &txn, actor, now);
        let (_, more) = advance(&scope, row.clone(), &def).await?;
        events.extend(more);
    }
    txn.commit().await?;
    for ev in events {
        s.events.publish(ev);
    }
    Ok(SubmittedRequest { number: row.number })
}

/// The people named in answers.
pub(crate) fn answer_people(answers: &Answers) -> Vec<i64> {
    answers
        .values()
        .filter_map(|a| match a {
            Answer::User(u) => Some(u.0),
            _ => None,
        })
        .collect()
}

/// The answers as "label: value" lines, in form order.
pub(crate) fn answer_lines(
    def: &ItemDefinition,
    answers: &Answers,
    names: &Names,
) -> Vec<AnswerLine> {
    def.form
        .fields
        .iter()
        .filter_map(|f| {
            let value = match answers.get(&f.key)? {
                Answer::Text(t) | Answer::Choice(t) => t.clone(),
                Answer::Number(n) => {
                    if n.fract() == 0.0 {
                        format!("{n:.0}")
                    } else {
                        n.to_string()
                    }
                }
                Answer::Date(d) => d.format("%a %-d %b %Y").to_string(),
                Answer::Choices(c) => c.join(", "),
                Answer::Bool(b) => if *b { "Yes" } else { "No" }.to_string(),
                Answer::User(u) => names
                    .user_name(Some(u.0))
                    .unwrap_or_else(|| "Unknown person".into()),
            };
            Some(AnswerLine {
                label: f.label.clone(),
                value,
            })
        })
        .collect()
}

/// The stored answers of a request (written only from [`Answers`]); answers that do not parse
/// are a defect, logged and answered as an internal error.
pub(crate) fn parse_answers(cr: &catalog_request::Model) -> ServiceResult<Answers> {
    serde_json::from_str(&cr.answers)
        .map_err(|e| ServiceError::corrupt("catalog request answers", cr.ticket_id, e))
}

/// A catalog request as its requester, its approvers and agents follow it; `None` when the
/// ticket is a request that did not come from the catalog.
#[tracing::instrument(skip(s, actor), fields(actor = %actor.username), err(level = "info"))]
pub async fn view(s: &Services, actor: &Actor, number: &str) -> ServiceResult<Option<RequestView>> {
    let t = find_visible(&s.db, actor, number).await?;
    let Some(cr) = catalog_request::Entity::find_by_id(t.id).one(&s.db).await? else {
        return Ok(None);
    };
    let version = catalog_item_version::Entity::find_by_id(cr.version_id)
        .one(&s.db)
        .await?
        .ok_or(ServiceError::Internal)?;
    let item = catalog_item::Entity::find_by_id(cr.item_id)
        .one(&s.db)
        .await?
        .ok_or(ServiceError::Internal)?;
    let def = definition(&version)?;
    let answers = parse_answers(&cr)?;
    let subject = Subject::ticket(t.id);
    let approvals = crate::approvals::decisions(&s.db, subject).await?;
    let flow = crate::approvals::flow(&s.db, subject)
        .await?
        .ok_or_else(|| missing_approval(t.id))?;
    let tasks = tasks_of(&s.db, t.id).await?;
    let mut people: Vec<i64> = approvals.iter().map(|(a, _)| a.approver_id).collect();
    people.extend(answer_people(&answers));
    people.push(t.requester_id);
    let mut groups: Vec<i64> = def.group_ids().into_iter().map(|g| g.0).collect();
    groups.extend(tasks.iter().filter_map(|(_, tk)| tk.group_id));
    let names = Names::load(&s.db, people, groups).await?;
    let status = flow.status;
    let state = crate::tickets::state_of(&t)?;
    let current = flow.stage;
    let stages = def
        .approvals
        .iter()
        .enumerate()
        .map(|(i, st)| {
            let rows: Vec<&(approval::Model, Decision)> = approvals
                .iter()
                .filter(|(a, _)| usize::try_from(a.stage).ok() == Some(i))
                .collect();
            let decisions: Vec<Decision> = rows
                .iter()
                .map(|(_, d)| *d)
                .filter(|d| *d != Decision::NotNeeded)
                .collect();
            let where_it_stands =
                stage_status(st.rule, &decisions, i, current, status, state.is_open());
            StageView {
                name: st.name.clone(),
                rule: st.rule.describe(rows.len()),
                status: where_it_stands.label().into(),
                approvers: rows
                    .iter()
                    .map(|(a, decision)| ApproverView {
                        approval: ApprovalId(a.id),
                        person: names.person(a.approver_id),
                        decision: *decision,
                        comment: a.comment.clone(),
                        decided_at: a.decided_at,
                    })
                    .collect(),
            }
        })
        .collect();
    let agent = actor.can(Capability::WorkTickets);
    let task_views = def
        .fulfilment
        .tasks
        .iter()
        .enumerate()
        .map(|(i, tpl)| {
            let made = tasks
                .iter()
                .find(|(l, _)| l.position as usize == i)
                .map(|(_, tk)| tk);
            let tstate = made.map(crate::tickets::state_of).transpose()?;
            Ok(TaskView {
                title: tpl.title.clone(),
                group: names.group_name(
                    made.and_then(|tk| tk.group_id)
                        .or(tpl.group.or(def.fulfilment_group).map(|g| g.0)),
                ),
                number: made.filter(|_| agent).map(|tk| tk.number.clone()),
                state: tstate,
                status: match tstate {
                    None => "Not started yet",
                    Some(TicketState::New) => "Queued",
                    Some(TicketState::Cancelled) => "Cancelled",
                    Some(st) if !st.is_open() => "Done",
                    Some(_) => "Being worked on",
                }
                .into(),
            })
        })
        .collect::<ServiceResult<Vec<_>>>()?;
    let my_approval = approvals
        .iter()
        .find(|(a, decision)| {
            a.approver_id == actor.user_id.0
                && usize::try_from(a.stage).ok() == Some(current)
                && *decision == Decision::Pending
                && status == ApprovalStatus::Pending
                && state.is_open()
        })
        .map(|(a, _)| ApprovalId(a.id));
    let hold = crate::tickets::hold_reason_of(&t)?;
    Ok(Some(RequestView {
        number: t.number.clone(),
        item: def.name.clone(),
        item_slug: item.slug,
        item_version: version.number,
        requester: names.person(t.requester_id),
        submitted_at: t.opened_at,
        state,
        status: request_status(state, status, hold).into(),
        approval: status,
        rejection: cr.rejection.clone(),
        expected_by: cr.expected_by,
        cost: def.cost.as_ref().map(|c| c.display()),
        answers: answer_lines(&def, &answers, &names),
        stages,
        tasks: task_views,
        my_approval,
        viewer_is_agent: agent,
    }))
}

/// The actor's own catalog requests, newest first (at most 100).
#[tracing::instrument(skip(s, actor), fields(actor = %actor.username), err(level = "info"))]
pub async fn mine(s: &Services, actor: &Actor) -> ServiceResult<Vec<RequestSummary>> {
    require(actor, Capability::UseSelfService)?;
    let tickets = ticket::Entity::find()
        .filter(ticket::Column::RequesterId.eq(actor.user_id.0))
        .filter(ticket::Column::Kind.eq(TicketKind::Request.as_str()))
        .order_by_desc(ticket::Column::OpenedAt)
        .order_by_desc(ticket::Column::Id)
        .limit(100)
        .all(&s.db)
        .await?;
    let ids: Vec<i64> = tickets.iter().map(|t| t.id).collect();
    let flows = crate::approvals::flows(&s.db, RecordKind::Ticket, &ids).await?;
    let requests: HashMap<i64, catalog_request::Model> = catalog_request::Entity::find()
        .filter(catalog_request::Column::TicketId.is_in(ids))
        .all(&s.db)
        .await?
        .into_iter()
        .map(|r| (r.ticket_id, r))
        .collect();
    let version_ids: Vec<i64> = requests.values().map(|r| r.version_id).collect();
    let defs: HashMap<i64, ItemDefinition> = catalog_item_version::Entity::find()
        .filter(catalog_item_version::Column::Id.is_in(version_ids))
        .all(&s.db)
        .await?
        .iter()
        .map(|v| definition(v).map(|d| (v.id, d)))
        .collect::<ServiceResult<_>>()?;
    let mut out = Vec::with_capacity(tickets.len());
    for t in &tickets {
        // A request raised by hand ("Ask for something") has no catalog row: not listed here.
        let Some(cr) = requests.get(&t.id) else {
            continue;
        };
        let def = defs
            .get(&cr.version_id)
            .ok_or_else(|| ServiceError::corrupt("item version of a request", t.id, "missing"))?;
        let state = crate::tickets::state_of(t)?;
        let approval = flows
            .get(&t.id)
            .map(|f| f.status)
            .ok_or_else(|| missing_approval(t.id))?;
        let hold = crate::tickets::hold_reason_of(t)?;
        out.push(RequestSummary {
            number: t.number.clone(),
            item: def.name.clone(),
            icon: def.icon.clone(),
            submitted_at: t.opened_at,
            state,
            status: request_status(state, approval, hold).into(),
            expected_by: cr.expected_by,
        });
    }
    Ok(out)
}
