//! Server functions of the CMDB pages: thin wrappers that resolve the caller and call the CMDB
//! service, which authorizes (every role that views CIs reads; configuration managers and
//! admins write). JSON-encoded so the query and the page travel intact.

use crate::error::AppError;
use domain::CiId;
use domain::cmdb::Direction;
use domain::cmdb::ci::{CiQuery, CiRecord, CiRow};
use domain::cmdb::view::{AssetRow, CiPage, ClassSummary, ImpactView};
use domain::paging::Page;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[server(prefix = "/api/fn", endpoint = "list_cis", input = Json)]
pub async fn list_cis(query: CiQuery) -> Result<Page<CiRow>, AppError> {
    use crate::session::ssr;
    let actor = ssr::current_actor()?;
    Ok(service::cmdb::list::list(&ssr::services()?, &actor, query).await?)
}

#[server(prefix = "/api/fn", endpoint = "ci_classes", input = Json)]
pub async fn ci_classes() -> Result<Vec<ClassSummary>, AppError> {
    use crate::session::ssr;
    let actor = ssr::current_actor()?;
    let classes = service::cmdb::classes::list(&ssr::services()?, &actor).await?;
    Ok(classes
        .into_iter()
        .map(|c| ClassSummary {
            id: c.id,
            name: c.def.name,
            kind: c.def.kind,
        })
        .collect())
}

#[server(prefix = "/api/fn", endpoint = "ci_page", input = Json)]
pub async fn get_ci_page(id: CiId) -> Result<CiPage, AppError> {
    use crate::session::ssr;
    let actor = ssr::current_actor()?;
    Ok(service::cmdb::page::page(&ssr::services()?, &actor, id).await?)
}

#[server(prefix = "/api/fn", endpoint = "ci_impact", input = Json)]
pub async fn ci_impact(id: CiId, direction: Direction, depth: u8) -> Result<ImpactView, AppError> {
    use crate::session::ssr;
    let actor = ssr::current_actor()?;
    Ok(service::cmdb::page::named_impact(&ssr::services()?, &actor, id, direction, depth).await?)
}

#[server(prefix = "/api/fn", endpoint = "retire_ci", input = Json)]
pub async fn retire_ci(id: CiId) -> Result<CiRecord, AppError> {
    use crate::session::ssr;
    let actor = ssr::current_actor()?;
    Ok(service::cmdb::items::retire(&ssr::services()?, &actor, id).await?)
}

#[server(prefix = "/api/fn", endpoint = "my_devices", input = Json)]
pub async fn my_devices() -> Result<Vec<AssetRow>, AppError> {
    use crate::session::ssr;
    let actor = ssr::current_actor()?;
    Ok(service::cmdb::assets::mine(&ssr::services()?, &actor).await?)
}
