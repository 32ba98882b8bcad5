//! The demo estate: eleven CI classes (from `seed/demo-cmdb-classes.json`, saved through the
//! class rules) and about three hundred CIs a mid-sized company runs: thirteen business services,
//! their applications, the virtual machines and hosts they run on, databases and database
//! servers, storage, the network from access points to WAN routers, laptops and phones issued to
//! people (as hardware assets) and software licences, all related so that impact analysis
//! reaches from a core switch to every business service.
//!
//! Every CI's fields go through the same checks as an edit in the CMDB; the estate is written
//! in one transaction, so a demo start stays fast.

use crate::Services;
use crate::cmdb::classes::{self, StoredClass};
use crate::cmdb::items::{checked, insert};
use crate::error::{ServiceError, ServiceResult};
use crate::users::load_actor;
use db::entities::{ci, ci_relationship, group, user};
use domain::catalog::Answer;
use domain::cmdb::asset::AssetState;
use domain::cmdb::{CiClassDef, CiFields, CiStatus, Criticality, Environment, RelationKind};
use domain::{CiClassId, GroupId};
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use serde::Deserialize;
use std::collections::HashMap;

const DEMO_CLASSES: &str = include_str!("../seed/demo-cmdb-classes.json");

#[derive(Deserialize)]
struct DemoClasses {
    classes: Vec<CiClassDef>,
}

/// (name, criticality, owner group, service hours, applications as (name, tier, vendor),
/// database engine)
type Service = (
    &'static str,
    u8,
    &'static str,
    &'static str,
    [(&'static str, &'static str, &'static str); 2],
    &'static str,
);

const SERVICES: [Service; 12] = [
    (
        "Payroll",
        1,
        "Applications",
        "Business hours (08:00–18:00)",
        [
            ("Payroll web", "Web", "Beacon Payroll Ltd"),
            ("Payroll batch", "Batch", "Beacon Payroll Ltd"),
        ],
        "PostgreSQL",
    ),
    (
        "E-mail",
        1,
        "Service Desk",
        "24×7",
        [
            ("Mail gateway", "Integration", "Proofpoint"),
            ("Mail store", "Application", "Microsoft"),
        ],
        "SQL Server",
    ),
    (
        "Customer portal",
        1,
        "Applications",
        "24×7",
        [
            ("Portal web", "Web", "In-house"),
            ("Portal API", "Application", "In-house"),
        ],
        "PostgreSQL",
    ),
    (
        "Online shop",
        1,
        "Applications",
        "24×7",
        [
            ("Shop front end", "Web", "In-house"),
            ("Order service", "Application", "In-house"),
        ],
        "PostgreSQL",
    ),
    (
        "CRM",
        2,
        "Applications",
        "Business hours (08:00–18:00)",
        [
            ("CRM web", "Web", "SugarCRM"),
            ("CRM integration", "Integration", "SugarCRM"),
        ],
        "SQL Server",
    ),
    (
        "HR self-service",
        2,
        "Applications",
        "Business hours (08:00–18:00)",
        [
            ("HR portal", "Web", "Workday"),
            ("HR directory sync", "Integration", "In-house"),
        ],
        "Oracle",
    ),
    (
        "Finance and ERP",
        1,
        "Applications",
        "Business hours (08:00–18:00)",
        [
            ("ERP application", "Application", "SAP"),
            ("ERP reporting", "Batch", "SAP"),
        ],
        "Oracle",
    ),
    (
        "Remote access (VPN)",
        2,
        "Network",
        "24×7",
        [
            ("VPN gateway service", "Application", "Palo Alto"),
            ("RADIUS", "Application", "FreeRADIUS"),
        ],
        "MariaDB",
    ),
    (
        "Identity and single sign-on",
        1,
        "Security",
        "24×7",
        [
            ("Single sign-on", "Web", "Keycloak"),
            ("Directory", "Application", "OpenLDAP"),
        ],
        "PostgreSQL",
    ),
    (
        "Document management",
        3,
        "Applications",
        "Business hours (08:00–18:00)",
        [
            ("DMS web", "Web", "Alfresco"),
            ("DMS indexer", "Batch", "Alfresco"),
        ],
        "PostgreSQL",
    ),
    (
        "Telephony",
        3,
        "Network",
        "24×7",
        [
            ("Call manager", "Application", "Cisco"),
            ("Voicemail", "Application", "Cisco"),
        ],
        "MariaDB",
    ),
    (
        "Intranet",
        4,
        "Applications",
        "Best effort",
        [
            ("Intranet web", "Web", "WordPress"),
            ("Intranet search", "Batch", "OpenSearch"),
        ],
        "MariaDB",
    ),
];

/// The short name each service's CIs are named by (`vm-payroll-app-01`).
const SLUGS: [&str; 12] = [
    "payroll",
    "mail",
    "portal",
    "shop",
    "crm",
    "hr",
    "erp",
    "vpn",
    "sso",
    "dms",
    "telephony",
    "intranet",
];

/// (product, vendor, metric, seats)
const LICENCES: [(&str, &str, &str, i32); 8] = [
    ("Microsoft 365 E3", "Microsoft", "User", 25),
    ("Adobe Acrobat Pro", "Adobe", "User", 8),
    ("JetBrains All Products", "JetBrains", "User", 5),
    ("Confluence Cloud", "Atlassian", "User", 30),
    ("Oracle Database Enterprise", "Oracle", "Core", 32),
    ("vSphere Enterprise Plus", "VMware", "Core", 256),
    ("Zoom Workplace", "Zoom", "User", 20),
    ("Slack Business+", "Slack", "User", 25),
];

/// Hardware details an asset carries beyond its CI fields.
struct Asset {
    state: AssetState,
    serial: String,
    tag: String,
    assigned_to: Option<i64>,
    supplier: &'static str,
    cost_cents: i64,
    purchased_days_ago: i64,
    warranty_days_left: i64,
}

struct Planned {
    class: &'static str,
    fields: CiFields,
    asset: Option<Asset>,
    seats: Option<i32>,
}

/// The estate as it is built: CIs by name, relationships by index.
#[derive(Default)]
struct Estate {
    cis: Vec<Planned>,
    by_name: HashMap<String, usize>,
    edges: Vec<(usize, RelationKind, usize)>,
}

fn crit(level: u8) -> Criticality {
    Criticality::new(level).unwrap_or(Criticality::LOW)
}

fn text(s: &str) -> Answer {
    Answer::Text(s.into())
}

fn choice(s: &str) -> Answer {
    Answer::Choice(s.into())
}

fn number(n: i64) -> Answer {
    Answer::Number(n as f64)
}

impl Estate {
    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        class: &'static str,
        name: &str,
        environment: Environment,
        criticality: u8,
        owner: Option<GroupId>,
        location: &str,
        tags: &[&str],
        attributes: Vec<(&str, Answer)>,
    ) -> usize {
        let fields = CiFields {
            name: name.into(),
            status: CiStatus::InUse,
            environment,
            criticality: crit(criticality),
            owner_group: owner,
            location: location.into(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            description: String::new(),
            attributes: attributes
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        };
        self.cis.push(Planned {
            class,
            fields,
            asset: None,
            seats: None,
        });
        self.by_name.insert(name.into(), self.cis.len() - 1);
        self.cis.len() - 1
    }

    fn relate(&mut self, source: usize, kind: RelationKind, target: usize) {
        self.edges.push((source, kind, target));
    }
}

/// Builds the estate; `groups` by name, `people` the user ids laptops and phones go to.
fn plan(groups: &HashMap<String, GroupId>, people: &[i64]) -> Estate {
    use Environment::{Development, Production, Test};
    use RelationKind::{ConnectsTo, DependsOn, PartOf, RunsOn};
    let g = |name: &str| groups.get(name).copied();
    let mut e = Estate::default();
    let dc = "Frankfurt DC1";

    // Storage and the network first: everything else depends on them.
    let san: Vec<usize> = (1..=2)
        .map(|i| {
            e.add(
                "storage",
                &format!("san-fra-0{i}"),
                Production,
                1,
                g("Database"),
                dc,
                &["storage"],
                vec![
                    ("capacity_tb", number(480)),
                    ("model", text("NetApp AFF A400")),
                ],
            )
        })
        .collect();
    let backup = e.add(
        "storage",
        "backup-vault-01",
        Production,
        2,
        g("Database"),
        "Frankfurt DC2",
        &["backup"],
        vec![
            ("capacity_tb", number(1200)),
            ("model", text("Dell PowerProtect DD9400")),
        ],
    );
    let net = |e: &mut Estate, name: &str, kind: &str, model: &str, crit: u8| {
        e.add(
            "network_device",
            name,
            Production,
            crit,
            g("Network"),
            dc,
            &["network"],
            vec![
                ("device_type", choice(kind)),
                ("model", text(model)),
                ("firmware", text("17.9.4")),
            ],
        )
    };
    let routers: Vec<usize> = (1..=2)
        .map(|i| {
            net(
                &mut e,
                &format!("rtr-wan-0{i}"),
                "Router",
                "Cisco ASR 1001-X",
                1,
            )
        })
        .collect();
    let firewalls: Vec<usize> = (1..=2)
        .map(|i| {
            net(
                &mut e,
                &format!("fw-edge-0{i}"),
                "Firewall",
                "Palo Alto PA-3220",
                1,
            )
        })
        .collect();
    let core: Vec<usize> = (1..=2)
        .map(|i| {
            net(
                &mut e,
                &format!("sw-core-fra-0{i}"),
                "Switch",
                "Cisco Nexus 93180YC",
                1,
            )
        })
        .collect();
    let access: Vec<usize> = (1..=4)
        .map(|i| {
            net(
                &mut e,
                &format!("sw-access-lon-0{i}"),
                "Switch",
                "Cisco Catalyst 9300",
                2,
            )
        })
        .collect();
    e.relate(core[0], ConnectsTo, core[1]);
    for (i, fw) in firewalls.iter().enumerate() {
        e.relate(*fw, DependsOn, routers[i]);
        e.relate(core[i], DependsOn, *fw);
    }
    for (i, sw) in access.iter().enumerate() {
        e.relate(*sw, DependsOn, core[i % 2]);
    }
    let lbs: Vec<usize> = (1..=2)
        .map(|i| {
            let lb = e.add(
                "load_balancer",
                &format!("lb-fra-0{i}"),
                Production,
                1,
                g("Network"),
                dc,
                &["network"],
                vec![
                    ("model", text("F5 BIG-IP i5800")),
                    ("virtual_ip", text(&format!("10.20.0.{}", 10 + i))),
                ],
            );
            e.relate(lb, DependsOn, core[i - 1]);
            lb
        })
        .collect();

    // Hosts and database servers.
    let hosts: Vec<usize> = (1..=8)
        .map(|i| {
            let h = e.add(
                "server",
                &format!("esx-fra-0{i}"),
                Production,
                1,
                g("Applications"),
                dc,
                &["virtualisation"],
                vec![
                    ("cpu_count", number(64)),
                    ("memory_gb", number(1024)),
                    ("os", choice("VMware ESXi 8")),
                    ("model", text("Dell PowerEdge R760")),
                ],
            );
            e.relate(h, DependsOn, core[i % 2]);
            e.relate(h, DependsOn, san[i % 2]);
            h
        })
        .collect();
    let db_servers: Vec<usize> = (1..=4)
        .map(|i| {
            let d = e.add(
                "server",
                &format!("dbsrv-fra-0{i}"),
                Production,
                1,
                g("Database"),
                dc,
                &["database"],
                vec![
                    ("cpu_count", number(48)),
                    ("memory_gb", number(768)),
                    ("os", choice("Red Hat Enterprise Linux 9")),
                    ("model", text("HPE ProLiant DL380 Gen11")),
                ],
            );
            e.relate(d, DependsOn, core[i % 2]);
            e.relate(d, DependsOn, san[(i + 1) % 2]);
            e.relate(d, DependsOn, backup);
            d
        })
        .collect();

    // Business services, their applications, VMs and databases.
    let mut sso_web = None;
    for (n, (service, level, owner, hours, apps, engine)) in SERVICES.iter().enumerate() {
        let slug = SLUGS[n];
        let svc = e.add(
            "business_service",
            service,
            Production,
            *level,
            g(owner),
            "",
            &[],
            vec![
                ("service_owner", text("Head of IT Operations")),
                ("service_hours", choice(hours)),
                (
                    "sla",
                    text(if *level == 1 {
                        "99.9 % availability"
                    } else {
                        "99.5 % availability"
                    }),
                ),
            ],
        );
        let db = e.add(
            "database",
            &format!("db-{slug}"),
            Production,
            *level,
            g("Database"),
            dc,
            &[],
            vec![
                ("engine", choice(engine)),
                (
                    "version",
                    text(match *engine {
                        "PostgreSQL" => "16.4",
                        "Oracle" => "19c",
                        "SQL Server" => "2022",
                        _ => "11.4",
                    }),
                ),
                ("size_gb", number(40 + 37 * n as i64)),
            ],
        );
        e.relate(db, RunsOn, db_servers[n % db_servers.len()]);
        for (a, (app, tier, vendor)) in apps.iter().enumerate() {
            let id = e.add(
                "application",
                app,
                Production,
                *level,
                g(owner),
                "",
                &[],
                vec![
                    ("vendor", text(vendor)),
                    ("version", text(&format!("{}.{}", 3 + n % 4, a + 1))),
                    ("tier", choice(tier)),
                ],
            );
            e.relate(id, PartOf, svc);
            e.relate(id, DependsOn, db);
            for v in 1..=2 {
                let vm = e.add(
                    "virtual_machine",
                    &format!("vm-{slug}-{}-0{v}", if a == 0 { "app" } else { "svc" }),
                    Production,
                    *level,
                    g(owner),
                    dc,
                    &[],
                    vec![
                        ("cpu_count", number(4 * v as i64)),
                        ("memory_gb", number(16)),
                        ("os", choice("Ubuntu 24.04 LTS")),
                    ],
                );
                e.relate(id, RunsOn, vm);
                e.relate(vm, RunsOn, hosts[(n * 4 + a * 2 + v) % hosts.len()]);
            }
            if *tier == "Web" {
                e.relate(id, DependsOn, lbs[n % 2]);
                match sso_web {
                    None if *service == "Identity and single sign-on" => sso_web = Some(id),
                    Some(sso) => e.relate(id, DependsOn, sso),
                    None => {}
                }
            }
        }
        let test_vm = e.add(
            "virtual_machine",
            &format!("vm-{slug}-test-01"),
            Test,
            4,
            g(owner),
            dc,
            &["test"],
            vec![
                ("cpu_count", number(2)),
                ("memory_gb", number(8)),
                ("os", choice("Ubuntu 24.04 LTS")),
            ],
        );
        e.relate(test_vm, RunsOn, hosts[(n + 3) % hosts.len()]);
        let test_db = e.add(
            "database",
            &format!("db-{slug}-test"),
            Test,
            4,
            g("Database"),
            dc,
            &["test"],
            vec![("engine", choice(engine)), ("size_gb", number(12))],
        );
        e.relate(test_db, RunsOn, test_vm);
        let dev_vm = e.add(
            "virtual_machine",
            &format!("vm-{slug}-dev-01"),
            Development,
            4,
            g(owner),
            dc,
            &["development"],
            vec![
                ("cpu_count", number(2)),
                ("memory_gb", number(8)),
                ("os", choice("Debian 12")),
            ],
        );
        e.relate(dev_vm, RunsOn, hosts[(n + 5) % hosts.len()]);
    }
    // Apps created before single sign-on existed depend on it too.
    if let Some(sso) = sso_web {
        let early: Vec<usize> = [
            "Payroll web",
            "Portal web",
            "Shop front end",
            "CRM web",
            "HR portal",
        ]
        .iter()
        .filter_map(|n| e.by_name.get(*n).copied())
        .collect();
        for app in early {
            e.relate(app, DependsOn, sso);
        }
    }

    // Wi-Fi: a business service of sixty access points.
    let wifi = e.add(
        "business_service",
        "Office Wi-Fi",
        Production,
        2,
        g("Network"),
        "London office",
        &["wifi"],
        vec![
            ("service_owner", text("Network Manager")),
            ("service_hours", choice("24×7")),
            ("sla", text("99.5 % availability")),
        ],
    );
    for i in 1..=60 {
        let floor = 1 + (i - 1) / 15;
        let ap = e.add(
            "network_device",
            &format!("ap-lon-{floor}-{i:02}"),
            Production,
            3,
            g("Network"),
            &format!("London office, floor {floor}"),
            &["wifi"],
            vec![
                ("device_type", choice("Wireless access point")),
                ("model", text("Cisco Catalyst 9136")),
                ("firmware", text("17.9.4")),
            ],
        );
        e.relate(ap, PartOf, wifi);
        e.relate(ap, DependsOn, access[(floor as usize - 1) % access.len()]);
    }

    // Laptops and phones: one each for everyone, and spares on the shelf.
    let models = [
        ("Dell Latitude 7450", "Windows 11", "Dell", 142_900),
        ("Apple MacBook Pro 14", "macOS 15", "Apple", 239_900),
        (
            "Lenovo ThinkPad X1 Carbon",
            "Ubuntu 24.04 LTS",
            "Lenovo",
            189_000,
        ),
    ];
    for i in 0..58usize {
        let (model, os, supplier, cost) = models[i % models.len()];
        let owner = people.get(i).copied();
        let id = e.add(
            "laptop",
            &format!("LT-{:04}", 1001 + i),
            Production,
            4,
            g("Desktop Support"),
            if owner.is_some() {
                "London office"
            } else {
                "London office, IT store room"
            },
            &[],
            vec![
                ("model", text(model)),
                ("os", choice(os)),
                ("memory_gb", number(if i % 3 == 1 { 32 } else { 16 })),
            ],
        );
        let state = if owner.is_some() {
            AssetState::Deployed
        } else {
            AssetState::InStock
        };
        e.cis[id].fields.status = state.ci_status();
        e.cis[id].asset = Some(Asset {
            state,
            serial: format!(
                "{}{:07}",
                &supplier[..2].to_uppercase(),
                4_310_000 + i * 7_919
            ),
            tag: format!("BCN-L-{:04}", 1001 + i),
            assigned_to: owner,
            supplier,
            cost_cents: cost,
            purchased_days_ago: 90 + (i as i64 * 37) % 1000,
            // A few end within 30 days, so the warranty flag has something to show.
            warranty_days_left: if i % 9 == 4 {
                12 + i as i64 % 15
            } else {
                200 + (i as i64 * 53) % 700
            },
        });
    }
    for (i, person) in people.iter().take(15).enumerate() {
        let id = e.add(
            "mobile_device",
            &format!("PH-{:04}", 2001 + i),
            Production,
            4,
            g("Desktop Support"),
            "London office",
            &[],
            vec![
                (
                    "model",
                    text(if i % 2 == 0 {
                        "Apple iPhone 15"
                    } else {
                        "Samsung Galaxy S24"
                    }),
                ),
                (
                    "phone_number",
                    text(&format!("+44 20 7946 0{:03}", 100 + i)),
                ),
            ],
        );
        e.cis[id].asset = Some(Asset {
            state: AssetState::Deployed,
            serial: format!("IM{:09}", 356_000_000 + i * 104_729),
            tag: format!("BCN-M-{:04}", 2001 + i),
            assigned_to: Some(*person),
            supplier: if i % 2 == 0 { "Apple" } else { "Samsung" },
            cost_cents: 89_900,
            purchased_days_ago: 200 + i as i64 * 11,
            warranty_days_left: 300 + i as i64 * 7,
        });
    }
    for (product, vendor, metric, seats) in LICENCES {
        let id = e.add(
            "software_licence",
            product,
            Production,
            3,
            g("Service Desk"),
            "",
            &["licence"],
            vec![
                ("vendor", text(vendor)),
                ("product", text(product)),
                ("metric", choice(metric)),
            ],
        );
        e.cis[id].seats = Some(seats);
    }
    e
}

/// Loads the demo estate (once, into a CMDB without classes).
pub async fn seed_demo_cmdb(s: &Services) -> ServiceResult<()> {
    let u = user::Entity::find()
        .filter(user::Column::Username.eq("ines.moreau"))
        .one(&s.db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let manager = load_actor(&s.db, &u).await?;
    if db::entities::ci_class::Entity::find().count(&s.db).await? > 0 {
        return Ok(());
    }
    let demo: DemoClasses = serde_json::from_str(DEMO_CLASSES).map_err(|e| {
        tracing::error!(error = %e, "the demo CMDB classes do not parse");
        ServiceError::Internal
    })?;
    let mut classes_by_key: HashMap<String, StoredClass> = HashMap::new();
    for def in demo.classes {
        let key = def.key.clone();
        let id: CiClassId = classes::save(s, &manager, None, def).await.map_err(|e| {
            tracing::error!(key, error = ?e, "the demo CMDB refused a class");
            e
        })?;
        classes_by_key.insert(key, classes::get(s, &manager, id).await?);
    }
    let groups: HashMap<String, GroupId> = group::Entity::find()
        .all(&s.db)
        .await?
        .into_iter()
        .map(|g| (g.name, GroupId(g.id)))
        .collect();
    let people: Vec<i64> = user::Entity::find()
        .filter(user::Column::Disabled.eq(false))
        .order_by_asc(user::Column::Id)
        .all(&s.db)
        .await?
        .into_iter()
        .filter(|u| u.username != "admin")
        .map(|u| u.id)
        .collect();
    let estate = plan(&groups, &people);
    let today = crate::now().date_naive();
    let txn = crate::database::begin_write(&s.db).await?;
    let mut ids = Vec::with_capacity(estate.cis.len());
    for p in estate.cis {
        let class = classes_by_key.get(p.class).ok_or_else(|| {
            tracing::error!(
                class = p.class,
                "the demo CMDB names a class it does not define"
            );
            ServiceError::Internal
        })?;
        let fields = checked(class, p.fields).inspect_err(|e| {
            tracing::error!(class = p.class, error = ?e, "the demo CMDB refused a CI");
        })?;
        let id = insert(&txn, None, class, &fields).await?;
        if p.asset.is_some() || p.seats.is_some() {
            let row = ci::Entity::find_by_id(id)
                .one(&txn)
                .await?
                .ok_or(ServiceError::Internal)?;
            let mut am = row.into_active_model();
            if let Some(a) = p.asset {
                am.asset_state = Set(Some(a.state.as_str().into()));
                am.serial_number = Set(Some(a.serial));
                am.asset_tag = Set(Some(a.tag));
                am.assigned_to = Set(a.assigned_to);
                am.supplier = Set(Some(a.supplier.into()));
                am.purchase_cost_cents = Set(Some(a.cost_cents));
                am.currency = Set(Some("EUR".into()));
                am.purchase_date = Set(Some(today - chrono::Duration::days(a.purchased_days_ago)));
                am.warranty_end = Set(Some(today + chrono::Duration::days(a.warranty_days_left)));
            }
            if let Some(seats) = p.seats {
                am.seats = Set(Some(seats));
                am.expires_on = Set(Some(today + chrono::Duration::days(120 + i64::from(seats))));
            }
            am.update(&txn).await?;
        }
        ids.push(id);
    }
    let now = crate::now();
    let rows: Vec<ci_relationship::ActiveModel> = estate
        .edges
        .iter()
        .map(|(source, kind, target)| ci_relationship::ActiveModel {
            id: NotSet,
            source_id: Set(ids[*source]),
            target_id: Set(ids[*target]),
            kind: Set(kind.as_str().into()),
            created_by: Set(None),
            created_at: Set(now),
        })
        .collect();
    for chunk in rows.chunks(500) {
        ci_relationship::Entity::insert_many(chunk.to_vec())
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_estate_is_about_three_hundred_related_cis() {
        let groups: HashMap<String, GroupId> = ["Network", "Database", "Applications"]
            .iter()
            .enumerate()
            .map(|(i, n)| (n.to_string(), GroupId(i as i64 + 1)))
            .collect();
        let people: Vec<i64> = (1..=22).collect();
        let e = plan(&groups, &people);
        assert!((280..=320).contains(&e.cis.len()), "{} CIs", e.cis.len());
        let mut names: Vec<&str> = e.cis.iter().map(|c| c.fields.name.as_str()).collect();
        let n = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), n, "CI names are unique");
        let mut edges = e.edges.clone();
        edges.sort_unstable_by_key(|(s, k, t)| (*s, k.as_str(), *t));
        edges.dedup();
        assert_eq!(edges.len(), e.edges.len(), "no relationship twice");
        assert!(e.edges.iter().all(|(s, _, t)| s != t && *s < n && *t < n));
        let assigned = e
            .cis
            .iter()
            .filter(|c| c.asset.as_ref().is_some_and(|a| a.assigned_to == Some(1)))
            .count();
        assert_eq!(assigned, 2, "the first person has a laptop and a phone");
    }
}
