//! "My devices" (`/my/devices`): the laptop, phone and other equipment IT has issued to the
//! signed-in person, with the asset tag and serial number the service desk asks for, the
//! warranty (flagged when it ends within 30 days), and a way to report a problem with one.

use super::api::my_devices;
use crate::components::badge::{Badge, Tone};
use crate::components::states::{EmptyState, ErrorState, SkeletonBlock};
use crate::pages::PageHeader;
use domain::cmdb::asset::Expiry;
use domain::cmdb::view::AssetRow;
use domain::paging::encode_component;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn MyDevicesPage() -> impl IntoView {
    let devices = Resource::new(|| (), |_| my_devices());
    view! {
        <Title text="My devices" />
        <PageHeader title="My devices"
            description="The equipment IT has issued to you. Quote the asset tag when you call the service desk." />
        <Suspense fallback=|| view! { <SkeletonBlock lines=6 /> }>
            {move || Suspend::new(async move {
                match devices.await {
                    Ok(list) if list.is_empty() => view! {
                        <EmptyState title="No devices issued to you"
                            message="When IT hands you a laptop, phone or other equipment, it appears here.">
                            <a class="btn btn-secondary" href="/catalog">"Order equipment"</a>
                        </EmptyState>
                    }.into_any(),
                    Ok(list) => view! {
                        <ul class="devices" data-testid="my-devices">
                            {list.into_iter().map(|d| view! { <DeviceCard device=d /> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <ErrorState error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The warranty in words, and whether to flag it.
fn warranty(d: &AssetRow) -> (String, Option<Tone>) {
    let until = d
        .warranty_end
        .map(|e| e.format("%-d %b %Y").to_string())
        .unwrap_or_default();
    match d.warranty {
        Expiry::Unknown => ("Not recorded".into(), None),
        Expiry::Valid { .. } => (format!("Until {until}"), None),
        Expiry::EndingSoon { days_left: 0 } => {
            (format!("Ends today ({until})"), Some(Tone::Warning))
        }
        Expiry::EndingSoon { days_left } => (
            format!(
                "Ends in {days_left} day{} ({until})",
                if days_left == 1 { "" } else { "s" }
            ),
            Some(Tone::Warning),
        ),
        Expiry::Ended { .. } => (format!("Ended {until}"), Some(Tone::Danger)),
    }
}

#[component]
fn DeviceCard(device: AssetRow) -> impl IntoView {
    let d = device;
    let what = d.model.clone().unwrap_or_else(|| d.ci.class_name.clone());
    let tag = d.asset_tag.clone().unwrap_or_else(|| d.ci.name.clone());
    let report = format!(
        "/tickets/new?kind=incident&title={}",
        encode_component(&format!("Problem with my {what} ({tag})"))
    );
    let (cover, flag) = warranty(&d);
    view! {
        <li class="card device" data-testid="device">
            <div class="device-head">
                <span class="device-icon" aria-hidden="true"><span class="sidenav-icon" data-area="mydevices"></span></span>
                <div>
                    <h2 class="device-title">{what.clone()}</h2>
                    <p class="muted">{format!("{} · {}", d.ci.class_name, d.ci.name)}</p>
                </div>
            </div>
            <dl class="ticket-fields">
                <dt>"Asset tag"</dt><dd class="mono">{d.asset_tag.clone().unwrap_or_else(|| "—".into())}</dd>
                <dt>"Serial number"</dt><dd class="mono">{d.serial_number.clone().unwrap_or_else(|| "—".into())}</dd>
                <dt>"Warranty"</dt>
                <dd>{match flag {
                    Some(tone) => view! { <Badge tone=tone>{cover}</Badge> }.into_any(),
                    None => view! { <span>{cover}</span> }.into_any(),
                }}</dd>
            </dl>
            <a class="btn btn-secondary btn-sm" href=report>{format!("Report a problem with this {}", d.ci.class_name.to_lowercase())}</a>
        </li>
    }
}
