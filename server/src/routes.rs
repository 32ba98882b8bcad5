//! The router: health checks, the bundle, the sign-in forms, the REST API and the Leptos pages,
//! wrapped in the origin check, the caller resolution, compression and request tracing.

use crate::state::AppState;
use crate::{api, assets, middleware, web_auth};
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use leptos::prelude::{provide_context, use_context};
use leptos_axum::{LeptosRoutes, generate_route_list};
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::TraceLayer;

/// The largest request body accepted (413 beyond it).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// Builds the complete application router.
pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(app::App);
    let context = {
        let services = state.services.clone();
        let demo = state.demo.clone();
        move || {
            provide_context(services.clone());
            provide_context(demo.clone());
            page_security_policy();
        }
    };
    let shell = {
        let options = state.leptos_options.clone();
        move || app::shell(options.clone())
    };
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(ready))
        .route("/auth/sign-in", post(web_auth::sign_in))
        .route("/auth/sign-out", post(web_auth::sign_out))
        .route("/api/openapi.json", get(api::openapi_json))
        .nest("/api/v1", api::router())
        .nest_service("/pkg", assets::pkg_service(&state.leptos_options))
        .leptos_routes_with_context(&state, routes, context.clone(), shell)
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, app::shell))
        .layer(axum::middleware::from_fn(middleware::pages::finish_pages))
        .layer(axum::middleware::from_fn(
            middleware::server_fn::status_from_error,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::auth::resolve_caller,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::origin::refuse_cross_origin_writes,
        ))
        .layer(axum::middleware::from_fn(
            middleware::headers::security_headers,
        ))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// While a page renders: its Content-Security-Policy allows the inline scripts that carry this
/// response's nonce (Leptos puts it on the hydration script and streamed data).
fn page_security_policy() {
    let Some(nonce) = leptos::nonce::use_nonce() else {
        return;
    };
    let Some(response) = use_context::<leptos_axum::ResponseOptions>() else {
        return;
    };
    let policy = middleware::headers::content_security_policy(Some(&nonce.to_string()));
    if let Ok(value) = axum::http::HeaderValue::from_str(&policy) {
        response.insert_header(axum::http::header::CONTENT_SECURITY_POLICY, value);
    }
}

/// 200 when the database answers, 503 otherwise.
async fn ready(State(state): State<AppState>) -> (StatusCode, &'static str) {
    if service::database::ping(&state.services.db).await {
        (StatusCode::OK, "ready")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unreachable")
    }
}
