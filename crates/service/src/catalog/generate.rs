//! Many catalog items at once (published, spread over the categories), for the search
//! benchmark: `beacon --generate-catalog N`.

use super::bump_revision;
use crate::error::ServiceResult;
use db::entities::{catalog_category, catalog_item, catalog_item_version};
use domain::catalog::item::ICONS;
use domain::catalog::{Audience, ItemDefinition};
use sea_orm::{
    ActiveValue::NotSet, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    QueryFilter, Set, TransactionTrait,
};

const THINGS: [&str; 24] = [
    "Laptop",
    "Monitor",
    "Headset",
    "Keyboard",
    "Licence",
    "Mailbox",
    "Account",
    "Badge",
    "Desk",
    "Phone",
    "Tablet",
    "Printer",
    "Database",
    "Server",
    "Certificate",
    "Firewall rule",
    "VPN profile",
    "Distribution list",
    "Parking space",
    "Training",
    "Software",
    "Dock",
    "Camera",
    "Storage",
];
const QUALITIES: [&str; 16] = [
    "Standard",
    "Premium",
    "Developer",
    "Shared",
    "Temporary",
    "Team",
    "Executive",
    "Remote",
    "Secure",
    "Compact",
    "Large",
    "Project",
    "Guest",
    "Regional",
    "Archive",
    "Spare",
];
const VERBS: [&str; 8] = [
    "Request", "Order", "Renew", "Extend", "Replace", "Upgrade", "Return", "Move",
];

/// Adds `n` published items with deterministic names ("Order Premium Laptop 0042").
pub async fn generate_items(db: &DatabaseConnection, n: usize) -> ServiceResult<usize> {
    let categories = catalog_category::Entity::find().all(db).await?;
    let Some(first) = categories.first() else {
        return Ok(0);
    };
    let now = crate::now();
    let txn = db.begin().await?;
    for chunk in (0..n).collect::<Vec<_>>().chunks(500) {
        let items: Vec<catalog_item::ActiveModel> = chunk
            .iter()
            .map(|i| catalog_item::ActiveModel {
                id: NotSet,
                slug: Set(format!("generated-{i}")),
                category_id: Set(categories.get(i % categories.len()).unwrap_or(first).id),
                live_version_id: Set(None),
                draft_version_id: Set(None),
                featured: Set(false),
                retired: Set(false),
                request_count: Set(0),
                created_at: Set(now),
                updated_at: Set(now),
                version: Set(1),
            })
            .collect();
        catalog_item::Entity::insert_many(items).exec(&txn).await?;
    }
    // Link each generated item to one live version.
    let rows = catalog_item::Entity::find()
        .filter(catalog_item::Column::Slug.like("generated-%"))
        .all(&txn)
        .await?;
    for chunk in rows.chunks(500) {
        let versions: Vec<catalog_item_version::ActiveModel> = chunk
            .iter()
            .map(|item| {
                let i: usize = item.slug.trim_start_matches("generated-").parse().unwrap_or(0);
                let thing = THINGS[i % THINGS.len()];
                let quality = QUALITIES[(i / THINGS.len()) % QUALITIES.len()];
                let verb = VERBS[(i / 7) % VERBS.len()];
                let def = ItemDefinition {
                    name: format!("{verb} {quality} {thing} {i:04}"),
                    summary: format!("{verb} a {} {} for your work.", quality.to_lowercase(), thing.to_lowercase()),
                    description: format!(
                        "Generated item number {i}. {quality} {thing} delivered by the service desk within {} days.",
                        i % 10 + 1
                    ),
                    icon: ICONS[i % ICONS.len()].into(),
                    keywords: vec![thing.to_lowercase(), format!("ref{i}")],
                    delivery_days: Some((i % 10 + 1) as u32),
                    audience: Audience::default(),
                    ..ItemDefinition::default()
                };
                catalog_item_version::ActiveModel {
                    id: NotSet,
                    item_id: Set(item.id),
                    number: Set(1),
                    status: Set("live".into()),
                    definition: Set(serde_json::to_string(&def).unwrap_or_default()),
                    author_id: Set(None),
                    created_at: Set(now),
                    published_at: Set(Some(now)),
                }
            })
            .collect();
        catalog_item_version::Entity::insert_many(versions)
            .exec(&txn)
            .await?;
    }
    txn.execute_unprepared(
        "UPDATE catalog_items SET live_version_id = (SELECT v.id FROM catalog_item_versions v \
         WHERE v.item_id = catalog_items.id AND v.status = 'live') \
         WHERE slug LIKE 'generated-%' AND live_version_id IS NULL",
    )
    .await?;
    bump_revision(&txn).await?;
    txn.commit().await?;
    Ok(rows.len())
}
