//! Server functions of the catalog pages: each resolves the caller and calls the catalog
//! service, which applies entitlements and rights.

use crate::error::AppError;
use domain::catalog::{
    AdminItemList, ApprovalTask, CatalogHome, CatalogQuery, CategoryCard, CategoryInput,
    DecisionRequest, ItemDraft, ItemEditor, ItemList, ItemPage, NewRequest, RequestSummary,
    RequestView, SubmittedRequest,
};
use domain::tickets::PersonRef;
use domain::{ApprovalId, CatalogItemId, CategoryId};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[server(prefix = "/api/fn", endpoint = "catalog_home", input = Json)]
pub async fn load_catalog_home() -> Result<CatalogHome, AppError> {
    use crate::session::ssr;
    let actor = ssr::current_actor()?;
    Ok(service::catalog::browse::home(&ssr::services()?, &actor).await?)
}

#[server(prefix = "/api/fn", endpoint = "catalog_items", input = Json)]
pub async fn catalog_items(query: CatalogQuery) -> Result<ItemList, AppError> {
    use crate::session::ssr;
    let actor = ssr::current_actor()?;
    Ok(service::catalog::browse::items(&ssr::services()?, &actor, query).await?)
}

#[server(prefix = "/api/fn", endpoint = "catalog_item", input = Json)]
pub async fn catalog_item(slug: String) -> Result<ItemPage, AppError> {
    use crate::session::ssr;
    let actor = ssr::current_actor()?;
    Ok(service::catalog::browse::item_page(&ssr::services()?, &actor, &slug).await?)
}

#[server(prefix = "/api/fn", endpoint = "find_people", input = Json)]
pub async fn find_people(q: String) -> Result<Vec<PersonRef>, AppError> {
    use crate::session::ssr;
    let actor = ssr::current_actor()?;
    Ok(service::catalog::browse::people(&ssr::services()?, &actor, &q).await?)
}

#[server(prefix = "/api/fn", endpoint = "submit_request", input = Json)]
pub async fn submit_request(
    item: String,
    request: NewRequest,
) -> Result<SubmittedRequest, AppError> {
    use crate::session::ssr;
    let actor = ssr::current_actor()?;
    Ok(service::catalog::requests::submit(&ssr::services()?, &actor, &item, request).await?)
}

#[server(prefix = "/api/fn", endpoint = "get_request", input = Json)]
pub async fn get_request(number: String) -> Result<Option<RequestView>, AppError> {
    use crate::session::ssr;
    let actor = ssr::current_actor()?;
    Ok(service::catalog::requests::view(&ssr::services()?, &actor, &number).await?)
}

#[server(prefix = "/api/fn", endpoint = "my_requests", input = Json)]
pub async fn my_requests() -> Result<Vec<RequestSummary>, AppError> {
    use crate::session::ssr;
    let actor = ssr::current_actor()?;
    Ok(service::catalog::requests::mine(&ssr::services()?, &actor).await?)
}

#[server(prefix = "/api/fn", endpoint = "approvals_inbox", input = Json)]
pub async fn approvals_inbox() -> Result<Vec<ApprovalTask>, AppError> {
    use crate::session::ssr;
    let actor = ssr::current_actor()?;
    Ok(service::catalog::approvals::inbox(&ssr::services()?, &actor).await?)
}

#[server(prefix = "/api/fn", endpoint = "decide_approval", input = Json)]
pub async fn decide_approval(
    id: ApprovalId,
    decision: DecisionRequest,
) -> Result<String, AppError> {
    use crate::session::ssr;
    let actor = ssr::current_actor()?;
    Ok(service::catalog::approvals::decide(&ssr::services()?, &actor, id, decision).await?)
}

#[server(prefix = "/api/fn", endpoint = "catalog_admin_items", input = Json)]
pub async fn admin_items(query: CatalogQuery) -> Result<AdminItemList, AppError> {
    use crate::session::ssr;
    let actor = ssr::current_actor()?;
    Ok(service::catalog::admin::list(&ssr::services()?, &actor, query).await?)
}

#[server(prefix = "/api/fn", endpoint = "catalog_admin_categories", input = Json)]
pub async fn admin_categories() -> Result<Vec<CategoryCard>, AppError> {
    use crate::session::ssr;
    let actor = ssr::current_actor()?;
    Ok(service::catalog::admin::categories(&ssr::services()?, &actor).await?)
}

#[server(prefix = "/api/fn", endpoint = "catalog_save_category", input = Json)]
pub async fn save_category(
    id: Option<CategoryId>,
    input: CategoryInput,
) -> Result<CategoryId, AppError> {
    use crate::session::ssr;
    let actor = ssr::current_actor()?;
    Ok(service::catalog::admin::save_category(&ssr::services()?, &actor, id, input).await?)
}

#[server(prefix = "/api/fn", endpoint = "catalog_editor", input = Json)]
pub async fn load_item_editor(id: CatalogItemId) -> Result<ItemEditor, AppError> {
    use crate::session::ssr;
    let actor = ssr::current_actor()?;
    Ok(service::catalog::admin::editor(&ssr::services()?, &actor, id).await?)
}

#[server(prefix = "/api/fn", endpoint = "catalog_create_item", input = Json)]
pub async fn create_item(draft: ItemDraft) -> Result<ItemEditor, AppError> {
    use crate::session::ssr;
    let actor = ssr::current_actor()?;
    Ok(service::catalog::admin::create(&ssr::services()?, &actor, draft).await?)
}

#[server(prefix = "/api/fn", endpoint = "catalog_save_draft", input = Json)]
pub async fn save_draft(id: CatalogItemId, draft: ItemDraft) -> Result<ItemEditor, AppError> {
    use crate::session::ssr;
    let actor = ssr::current_actor()?;
    Ok(service::catalog::admin::save_draft(&ssr::services()?, &actor, id, draft).await?)
}

#[server(prefix = "/api/fn", endpoint = "catalog_publish", input = Json)]
pub async fn publish_item(id: CatalogItemId, version: i32) -> Result<ItemEditor, AppError> {
    use crate::session::ssr;
    let actor = ssr::current_actor()?;
    Ok(service::catalog::admin::publish(&ssr::services()?, &actor, id, version).await?)
}

#[server(prefix = "/api/fn", endpoint = "catalog_discard_draft", input = Json)]
pub async fn discard_draft(
    id: CatalogItemId,
    version: i32,
) -> Result<Option<ItemEditor>, AppError> {
    use crate::session::ssr;
    let actor = ssr::current_actor()?;
    Ok(service::catalog::admin::discard_draft(&ssr::services()?, &actor, id, version).await?)
}

#[server(prefix = "/api/fn", endpoint = "catalog_retire", input = Json)]
pub async fn retire_item(
    id: CatalogItemId,
    retired: bool,
    version: i32,
) -> Result<ItemEditor, AppError> {
    use crate::session::ssr;
    let actor = ssr::current_actor()?;
    Ok(
        service::catalog::admin::set_retired(&ssr::services()?, &actor, id, retired, version)
            .await?,
    )
}

#[server(prefix = "/api/fn", endpoint = "catalog_export", input = Json)]
pub async fn export_item(id: CatalogItemId) -> Result<String, AppError> {
    use crate::session::ssr;
    let actor = ssr::current_actor()?;
    let doc = service::catalog::admin::export(&ssr::services()?, &actor, id).await?;
    serde_json::to_string_pretty(&doc).map_err(|_| AppError::Internal)
}

#[server(prefix = "/api/fn", endpoint = "catalog_import", input = Json)]
pub async fn import_item(document: String) -> Result<ItemEditor, AppError> {
    use crate::session::ssr;
    let actor = ssr::current_actor()?;
    let doc: domain::catalog::ItemDocument = serde_json::from_str(&document).map_err(|e| {
        let mut f = domain::users::FieldErrors::default();
        f.add(
            "document",
            format!("This is not valid JSON for a catalog item: {e}."),
        );
        AppError::Invalid(f)
    })?;
    Ok(service::catalog::admin::import(&ssr::services()?, &actor, doc).await?)
}

/// Groups, departments and people an item editor chooses from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EditorOptions {
    pub groups: Vec<(domain::GroupId, String)>,
    pub departments: Vec<(domain::DepartmentId, String)>,
    pub people: Vec<PersonRef>,
}

#[server(prefix = "/api/fn", endpoint = "catalog_editor_options", input = Json)]
pub async fn load_editor_options() -> Result<EditorOptions, AppError> {
    use crate::session::ssr;
    let actor = ssr::current_actor()?;
    let (groups, departments, people) =
        service::catalog::admin::options(&ssr::services()?, &actor).await?;
    Ok(EditorOptions {
        groups,
        departments,
        people,
    })
}
