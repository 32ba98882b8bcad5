//! The demo service catalog: eight categories and thirty-two items people really order, with
//! forms that use every field type, conditional questions, one- to three-stage approvals and
//! fulfilment tasks; then a few requests at different points of their life.
//!
//! The items ship as item documents (`seed/demo-catalog.json`, the format the catalog admin
//! exports) and are loaded through the catalog import, so the import and its reference mapping
//! run on every demo start and every item is checked before it is published. To change the demo
//! catalog, edit an item in the catalog admin, export it and paste the document into the file.

use crate::Services;
use crate::catalog::{admin, approvals, requests};
use crate::error::{ServiceError, ServiceResult};
use crate::users::load_actor;
use db::entities::user;
use domain::Actor;
use domain::catalog::{Answer, Answers, CategoryInput, DecisionRequest, ItemDocument, NewRequest};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::Deserialize;

/// The demo catalog's categories and item documents.
const DEMO_CATALOG: &str = include_str!("../seed/demo-catalog.json");

#[derive(Deserialize)]
struct DemoCatalog {
    categories: Vec<CategoryInput>,
    items: Vec<ItemDocument>,
}

fn demo_catalog() -> ServiceResult<DemoCatalog> {
    serde_json::from_str(DEMO_CATALOG).map_err(|e| {
        tracing::error!(error = %e, "the demo catalog document does not parse");
        ServiceError::Internal
    })
}

async fn actor(s: &Services, username: &str) -> ServiceResult<Actor> {
    let u = user::Entity::find()
        .filter(user::Column::Username.eq(username))
        .one(&s.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    load_actor(&s.db, &u).await
}

/// Loads the demo catalog and a few requests (once, into a catalog without categories).
pub async fn seed_demo_catalog(s: &Services) -> ServiceResult<()> {
    let manager = actor(s, "kenji.watanabe").await?;
    if !admin::categories(s, &manager).await?.is_empty() {
        return Ok(());
    }
    let demo = demo_catalog()?;
    for category in demo.categories {
        admin::save_category(s, &manager, None, category).await?;
    }
    for doc in demo.items {
        let slug = doc.slug.clone();
        let ed = admin::import(s, &manager, doc).await.map_err(|e| {
            tracing::error!(slug, error = ?e, "the import refused a demo catalog item");
            e
        })?;
        admin::publish(s, &manager, ed.id, ed.version).await?;
    }
    demo_requests(s).await
}

fn choice(s: &str) -> Answer {
    Answer::Choice(s.into())
}

fn answers(pairs: Vec<(&str, Answer)>) -> NewRequest {
    NewRequest {
        answers: pairs
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect::<Answers>(),
    }
}

/// Requests at different points: waiting for a manager, half-way through two stages, in
/// fulfilment, rejected.
async fn demo_requests(s: &Services) -> ServiceResult<()> {
    let today = crate::now().date_naive();
    let in_days = |d| Answer::Date(today + chrono::Duration::days(d));
    let daniel = actor(s, "daniel.novak").await?;
    let mia = actor(s, "mia.johansson").await?;
    let grace = actor(s, "grace.kim").await?;
    // Waiting for Daniel's manager (Samuel Adeyemi).
    requests::submit(
        s,
        &daniel,
        "standard-laptop",
        answers(vec![
            ("model", choice("14\" everyday laptop")),
            ("needed_by", in_days(10)),
            ("keyboard_layout", choice("German (QWERTZ)")),
        ]),
    )
    .await?;
    // Mia's developer laptop: her manager approved, Finance still to decide.
    let number = requests::submit(
        s,
        &mia,
        "developer-laptop",
        answers(vec![
            ("model", choice("16\" workstation (Linux)")),
            ("gpu", Answer::Bool(true)),
            (
                "gpu_reason",
                Answer::Text("Training the fraud-detection model locally.".into()),
            ),
        ]),
    )
    .await?
    .number;
    decide_first(s, "noah.fischer", &number, true, "Fine for the ML work.").await?;
    // No approval: straight to fulfilment.
    requests::submit(
        s,
        &grace,
        "external-monitor",
        answers(vec![
            ("size", choice("27\" QHD")),
            ("quantity", Answer::Number(2.0)),
        ]),
    )
    .await?;
    // Rejected by the manager, with the reason the requester reads.
    let zoe = actor(s, "zoe.papadopoulos").await?;
    let number = requests::submit(
        s,
        &zoe,
        "mobile-phone",
        answers(vec![
            ("model", choice("iPhone 16")),
            ("replace", Answer::Bool(false)),
        ]),
    )
    .await?
    .number;
    decide_first(
        s,
        "lucas.silva",
        &number,
        false,
        "Account executives get the Android model this year; please order that one.",
    )
    .await
}

/// `username` decides their pending approval on request `number`.
async fn decide_first(
    s: &Services,
    username: &str,
    number: &str,
    approve: bool,
    comment: &str,
) -> ServiceResult<()> {
    let who = actor(s, username).await?;
    let inbox = approvals::inbox(s, &who).await?;
    let task = inbox
        .iter()
        .find(|t| t.number == number)
        .ok_or(ServiceError::NotFound)?;
    approvals::decide(
        s,
        &who,
        task.approval,
        DecisionRequest {
            approve,
            comment: comment.into(),
        },
    )
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_catalog_is_a_set_of_item_documents() {
        let demo = demo_catalog().unwrap_or_else(|_| panic!("the demo catalog does not parse"));
        assert_eq!(demo.categories.len(), 8);
        assert_eq!(demo.items.len(), 32);
        for doc in &demo.items {
            assert_eq!(doc.format, ItemDocument::FORMAT, "{}", doc.slug);
            assert!(
                demo.categories.iter().any(|c| c.slug == doc.category),
                "{}: unknown category {}",
                doc.slug,
                doc.category
            );
        }
        let mut slugs: Vec<&str> = demo.items.iter().map(|d| d.slug.as_str()).collect();
        slugs.sort_unstable();
        slugs.dedup();
        assert_eq!(slugs.len(), 32, "slugs are unique");
    }
}
