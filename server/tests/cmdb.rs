//! The CMDB's service on SQLite and PostgreSQL: classes with attributes checked like request
//! forms, CIs with their history and versions, who may read and write, relationships, and
//! impact analysis read from the database a layer at a time.

#![allow(clippy::unwrap_used)]

mod common;

use common::{Backend, TestServer};
use db::sea_orm::ConnectionTrait;
use domain::catalog::{Answer, Answers, FieldKind, FormField, FormSchema};
use domain::cmdb::{
    CiClassDef, CiFields, CiStatus, ClassKind, Criticality, Direction, Environment, RelationKind,
};
use domain::{Actor, CiClassId, CiId};
use service::ServiceError;
use service::cmdb::{classes, graph, items, list};

on_both_databases!(
    classes_and_items_keep_their_history,
    who_may_read_and_write,
    impact_follows_what_needs_what,
    the_list_filters_and_pages,
    the_demo_estate_is_related,
    assets_are_everyones_own_and_move_through_their_lifecycle
);

async fn actor(s: &TestServer, username: &str) -> Actor {
    let (token, _) = s.sign_in(username).await;
    service::auth::authenticate(&s.services, &token)
        .await
        .unwrap()
        .actor
}

fn database_class(key: &str) -> CiClassDef {
    CiClassDef {
        key: key.into(),
        name: format!("Database {key}"),
        description: String::new(),
        icon: "server".into(),
        kind: ClassKind::Component,
        attributes: FormSchema {
            fields: vec![
                FormField {
                    key: "engine".into(),
                    label: "Engine".into(),
                    help: None,
                    required: true,
                    kind: FieldKind::Select {
                        options: vec!["PostgreSQL".into(), "Oracle".into()],
                    },
                    default: None,
                    show_when: None,
                },
                FormField {
                    key: "version".into(),
                    label: "Version".into(),
                    help: None,
                    required: false,
                    kind: FieldKind::Text {
                        max_len: Some(20),
                        pattern: None,
                        pattern_hint: None,
                    },
                    default: None,
                    show_when: None,
                },
            ],
        },
    }
}

fn ci(name: &str, engine: Option<&str>) -> CiFields {
    let mut attributes = Answers::new();
    if let Some(e) = engine {
        attributes.insert("engine".into(), Answer::Choice(e.into()));
    }
    CiFields {
        name: name.into(),
        status: CiStatus::InUse,
        environment: Environment::Production,
        criticality: Criticality::new(2).unwrap(),
        owner_group: None,
        location: "Frankfurt DC1".into(),
        tags: vec!["Payroll".into()],
        description: String::new(),
        attributes,
    }
}

fn invalid_at(r: Result<impl std::fmt::Debug, ServiceError>, field: &str) {
    match r {
        Err(ServiceError::Invalid(e)) => assert!(e.get(field).is_some(), "{field}: {e:?}"),
        other => panic!("expected a problem with {field}, got {other:?}"),
    }
}

async fn classes_and_items_keep_their_history(b: Backend) {
    let s = TestServer::start(b).await;
    let svc = &s.services;
    let ines = actor(&s, "ines.moreau").await;
    let class = classes::save(svc, &ines, None, database_class("db_cluster"))
        .await
        .unwrap();
    // The key is unique; a class keeps its kind; attributes are checked like a form's fields.
    invalid_at(
        classes::save(svc, &ines, None, database_class("db_cluster")).await,
        "key",
    );
    let mut hardware = database_class("db_cluster");
    hardware.kind = ClassKind::Hardware;
    invalid_at(
        classes::save(svc, &ines, Some(class), hardware).await,
        "kind",
    );
    let mut clash = database_class("other");
    clash.attributes.fields[1].key = "status".into();
    invalid_at(
        classes::save(svc, &ines, None, clash).await,
        "attributes.1.key",
    );

    invalid_at(
        items::create(svc, &ines, class, ci("db-payroll-01", Some("DB2"))).await,
        "attributes.engine",
    );
    invalid_at(
        items::create(svc, &ines, CiClassId(9999), ci("x", None)).await,
        "class",
    );
    invalid_at(
        items::create(svc, &ines, class, ci("  ", Some("Oracle"))).await,
        "name",
    );
    let made = items::create(svc, &ines, class, ci(" db-payroll-01 ", Some("Oracle")))
        .await
        .unwrap();
    assert_eq!(made.fields.name, "db-payroll-01");
    assert_eq!(made.fields.tags, vec!["payroll".to_string()]);
    let read = items::get(svc, &ines, made.id).await.unwrap();
    assert_eq!(read, made, "read back as written");

    let mut edit = read.fields.clone();
    edit.status = CiStatus::Maintenance;
    edit.attributes
        .insert("version".into(), Answer::Text("19c".into()));
    let edited = items::update(svc, &ines, made.id, read.version, edit.clone())
        .await
        .unwrap();
    assert_eq!(edited.version, read.version + 1);
    // An edit made on the version before is refused, not silently merged.
    assert!(matches!(
        items::update(svc, &ines, made.id, read.version, edit).await,
        Err(ServiceError::Conflict(_))
    ));
    let history = items::history(svc, &ines, made.id).await.unwrap();
    let lines: Vec<(&str, Option<&str>, Option<&str>)> = history
        .iter()
        .map(|h| {
            (
                h.change.field.as_str(),
                h.change.old.as_deref(),
                h.change.new.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        lines,
        vec![
            ("attributes.version", None, Some("19c")),
            ("status", Some("In use"), Some("In maintenance")),
            ("created", None, Some("db-payroll-01 (Database db_cluster)")),
        ],
        "newest first"
    );
    assert!(history.iter().all(|h| h.actor_id == Some(ines.user_id.0)));

    // Tags given in another order are the same tags: saving them again changes nothing.
    let mut tagged = edited.fields.clone();
    tagged.tags = vec!["sap".into(), "payroll".into()];
    let tagged = items::update(svc, &ines, made.id, edited.version, tagged)
        .await
        .unwrap();
    let mut reordered = tagged.fields.clone();
    reordered.tags = vec!["Payroll".into(), "SAP".into()];
    let same = items::update(svc, &ines, made.id, tagged.version, reordered)
        .await
        .unwrap();
    assert_eq!(same.version, tagged.version, "no change, no new version");
    assert_eq!(
        items::history(svc, &ines, made.id).await.unwrap().len(),
        history.len() + 1,
        "one line for the added tag, none for the reordering"
    );

    // The database itself refuses a status it does not know.
    let refused = svc
        .db
        .execute_unprepared(&format!(
            "UPDATE cis SET status = 'broken' WHERE id = {}",
            made.id.0
        ))
        .await;
    assert!(refused.is_err(), "an unknown status was stored");
}

async fn who_may_read_and_write(b: Backend) {
    let s = TestServer::start(b).await;
    let svc = &s.services;
    let ines = actor(&s, "ines.moreau").await;
    let admin = actor(&s, "alex.morgan").await;
    let agent = actor(&s, "priya.shah").await;
    let requester = actor(&s, "daniel.novak").await;
    let other_requester = actor(&s, "mia.johansson").await;
    // An agent who also manages the catalog: reads the CMDB as an agent, writes nothing.
    let catalog_manager = actor(&s, "kenji.watanabe").await;
    let class = classes::save(svc, &admin, None, database_class("db_cluster"))
        .await
        .unwrap();
    let item = items::create(svc, &ines, class, ci("db-01", Some("Oracle")))
        .await
        .unwrap();
    for reader in [&agent, &ines, &admin] {
        assert!(items::get(svc, reader, item.id).await.is_ok());
        assert!(classes::list(svc, reader).await.is_ok());
    }
    for outsider in [&requester, &other_requester] {
        assert!(matches!(
            items::get(svc, outsider, item.id).await,
            Err(ServiceError::Forbidden)
        ));
    }
    for not_a_writer in [&agent, &requester, &catalog_manager] {
        assert!(matches!(
            items::create(svc, not_a_writer, class, ci("db-02", Some("Oracle"))).await,
            Err(ServiceError::Forbidden)
        ));
        assert!(matches!(
            classes::save(svc, not_a_writer, None, database_class("x")).await,
            Err(ServiceError::Forbidden)
        ));
        assert!(matches!(
            graph::relate(svc, not_a_writer, item.id, RelationKind::DependsOn, item.id).await,
            Err(ServiceError::Forbidden)
        ));
    }
    assert!(matches!(
        items::get(svc, &agent, CiId(987_654)).await,
        Err(ServiceError::NotFound)
    ));
}

async fn impact_follows_what_needs_what(b: Backend) {
    let s = TestServer::start(b).await;
    let svc = &s.services;
    let ines = actor(&s, "ines.moreau").await;
    let agent = actor(&s, "priya.shah").await;
    let class = classes::save(svc, &ines, None, database_class("thing"))
        .await
        .unwrap();
    let mut ids = Vec::new();
    for name in [
        "Payroll",
        "payroll-app",
        "db-payroll",
        "host-07",
        "switch-2",
    ] {
        let made = items::create(svc, &ines, class, ci(name, Some("Oracle")))
            .await
            .unwrap();
        ids.push(made.id);
    }
    let [service, app, db, host, switch] = ids[..] else {
        unreachable!()
    };
    use RelationKind::*;
    for (source, kind, target) in [
        (app, PartOf, service),
        (app, DependsOn, db),
        (db, RunsOn, host),
        (host, ConnectsTo, switch),
        // A cycle: the database also depends on the application (harmless to every walk).
        (db, DependsOn, app),
    ] {
        graph::relate(svc, &ines, source, kind, target)
            .await
            .unwrap();
    }
    assert!(matches!(
        graph::relate(svc, &ines, app, DependsOn, db).await,
        Err(ServiceError::Conflict(_))
    ));
    invalid_at(
        graph::relate(svc, &ines, app, DependsOn, app).await,
        "target",
    );
    invalid_at(
        graph::relate(svc, &ines, app, DependsOn, CiId(987_654)).await,
        "target",
    );

    // Where an outage of the switch is felt: the host, then the database, the application and
    // the business service, each once, at the depth first reached.
    let down = graph::impact(svc, &agent, switch, Direction::Downstream, 10)
        .await
        .unwrap();
    let reached: Vec<(CiId, u8)> = down.reached.iter().map(|r| (r.ci, r.depth)).collect();
    assert_eq!(reached, vec![(host, 1), (db, 2), (app, 3), (service, 4)]);
    assert_eq!(
        down.path_to(service),
        Some(vec![switch, host, db, app, service])
    );
    let near = graph::impact(svc, &agent, switch, Direction::Downstream, 2)
        .await
        .unwrap();
    assert_eq!(near.reached.len(), 2);
    let up = graph::impact(svc, &agent, service, Direction::Upstream, 10)
        .await
        .unwrap();
    let needed: Vec<CiId> = up.reached.iter().map(|r| r.ci).collect();
    assert_eq!(needed, vec![app, db, host, switch]);
    invalid_at(
        graph::impact(svc, &agent, service, Direction::Upstream, 0).await,
        "depth",
    );
    assert!(matches!(
        graph::impact(svc, &agent, CiId(987_654), Direction::Upstream, 3).await,
        Err(ServiceError::NotFound)
    ));
    let of_app = graph::relationships(svc, &agent, app).await.unwrap();
    assert_eq!(of_app.len(), 3, "{of_app:?}");
}

/// The REST API translates: who may do what, the checks by field, conflicts and impact.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_rest_api_reads_and_writes_the_cmdb() {
    use serde_json::{Value, json};
    let s = TestServer::start(Backend::Sqlite).await;
    let (ines, _) = s.sign_in("ines.moreau").await;
    let (agent, _) = s.sign_in("priya.shah").await;
    let (requester, _) = s.sign_in("daniel.novak").await;
    let send = |method: reqwest::Method, path: &str, token: &str, body: Value| {
        s.client
            .request(method, s.url(path))
            .bearer_auth(token)
            .json(&body)
            .send()
    };
    let class = serde_json::to_value(database_class("db_cluster")).unwrap();
    let res = send(
        reqwest::Method::POST,
        "/api/v1/ci-classes",
        &agent,
        class.clone(),
    )
    .await
    .unwrap();
    assert_eq!(
        res.status(),
        403,
        "agents read the CMDB, they do not write it"
    );
    let res = send(reqwest::Method::POST, "/api/v1/ci-classes", &ines, class)
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let class_id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();

    let fields = serde_json::to_value(ci("db-payroll-01", Some("Oracle"))).unwrap();
    let res = send(
        reqwest::Method::POST,
        "/api/v1/cis",
        &ines,
        json!({"class_id": class_id, "fields": fields}),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 201);
    let made: Value = res.json().await.unwrap();
    let id = made["id"].as_i64().unwrap();
    assert_eq!(made["fields"]["criticality"], 2);

    let mut bad = fields.clone();
    bad["criticality"] = json!(7);
    let res = send(
        reqwest::Method::POST,
        "/api/v1/cis",
        &ines,
        json!({"class_id": class_id, "fields": bad}),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 400, "criticality is 1 to 4");

    let res = send(
        reqwest::Method::PUT,
        &format!("/api/v1/cis/{id}"),
        &ines,
        json!({"version": 99, "fields": fields}),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 409, "an edit on an old version is refused");

    assert_eq!(
        s.get(&format!("/api/v1/cis/{id}"), &agent).await.status(),
        200
    );
    assert_eq!(
        s.get(&format!("/api/v1/cis/{id}"), &requester)
            .await
            .status(),
        403
    );
    let impact: Value = s
        .get(
            &format!("/api/v1/cis/{id}/impact?direction=downstream&depth=3"),
            &agent,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(impact["start"], id);
    assert_eq!(impact["reached"], json!([]));
    let res = s
        .get(
            &format!("/api/v1/cis/{id}/impact?direction=downstream&depth=0"),
            &agent,
        )
        .await;
    assert_eq!(res.status(), 422);
    let history: Value = s
        .get(&format!("/api/v1/cis/{id}/history"), &agent)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(history[0]["field"], "created");

    let path = format!("/api/v1/cis/{id}");
    let res = send(reqwest::Method::DELETE, &path, &agent, json!({}))
        .await
        .unwrap();
    assert_eq!(res.status(), 403, "agents cannot retire a CI");
    let res = send(reqwest::Method::DELETE, &path, &ines, json!({}))
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let retired: Value = res.json().await.unwrap();
    assert_eq!(retired["fields"]["status"], "retired");
    assert_eq!(retired["version"], 2);
    let again: Value = send(reqwest::Method::DELETE, &path, &ines, json!({}))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(again["version"], 2, "retiring a retired CI changes nothing");
    let history: Value = s
        .get(&format!("/api/v1/cis/{id}/history"), &agent)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(history[0]["field"], "status");
    assert_eq!(history[0]["new"], "Retired");
    let res = send(
        reqwest::Method::DELETE,
        "/api/v1/cis/999999",
        &ines,
        json!({}),
    )
    .await
    .unwrap();
    assert_eq!(res.status(), 404);
}

async fn the_list_filters_and_pages(b: Backend) {
    use domain::cmdb::ci::CiQuery;
    let s = TestServer::start(b).await;
    let svc = &s.services;
    let ines = actor(&s, "ines.moreau").await;
    let agent = actor(&s, "priya.shah").await;
    let requester = actor(&s, "daniel.novak").await;
    let class = classes::save(svc, &ines, None, database_class("db_cluster"))
        .await
        .unwrap();
    for (name, status, tag) in [
        ("db-payroll-01", CiStatus::InUse, "payroll"),
        ("db-payroll-02", CiStatus::Maintenance, "payroll"),
        ("db_crm_01", CiStatus::InUse, "crm"),
    ] {
        let mut fields = ci(name, Some("Oracle"));
        fields.status = status;
        fields.tags = vec![tag.into()];
        items::create(svc, &ines, class, fields).await.unwrap();
    }
    let names = |q: CiQuery| async {
        let page = list::list(svc, &agent, q).await.unwrap();
        let names: Vec<String> = page.items.iter().map(|r| r.name.clone()).collect();
        (names, page.total)
    };
    // The demo estate is in the CMDB too: every query keeps to this test's class.
    let all = || CiQuery {
        class: Some(class.0),
        ..CiQuery::default()
    };
    assert_eq!(
        names(all()).await,
        (
            vec![
                "db-payroll-01".to_string(),
                "db-payroll-02".into(),
                "db_crm_01".into()
            ],
            3
        )
    );
    let words = CiQuery {
        q: Some("PAYROLL".into()),
        ..all()
    };
    assert_eq!(names(words).await.1, 2, "words match without case");
    let underscore = CiQuery {
        q: Some("_crm".into()),
        ..all()
    };
    assert_eq!(
        names(underscore).await.0,
        vec!["db_crm_01".to_string()],
        "_ is a character, not a wildcard"
    );
    let status = CiQuery {
        status: Some(CiStatus::Maintenance),
        ..all()
    };
    assert_eq!(names(status).await.0, vec!["db-payroll-02".to_string()]);
    let tag = CiQuery {
        tag: Some("CRM".into()),
        ..all()
    };
    assert_eq!(names(tag).await.0, vec!["db_crm_01".to_string()]);
    let second = CiQuery {
        page: Some(2),
        per_page: Some(2),
        ..all()
    };
    assert_eq!(names(second).await, (vec!["db_crm_01".to_string()], 3));
    let other_class = CiQuery {
        class: Some(class.0 + 1),
        ..all()
    };
    assert_eq!(names(other_class).await.1, 0);
    invalid_at(
        list::list(
            svc,
            &agent,
            CiQuery {
                page: Some(0),
                ..all()
            },
        )
        .await,
        "page",
    );
    invalid_at(
        list::list(
            svc,
            &agent,
            CiQuery {
                per_page: Some(101),
                ..all()
            },
        )
        .await,
        "per_page",
    );
    assert!(matches!(
        list::list(svc, &requester, all()).await,
        Err(ServiceError::Forbidden)
    ));
}

async fn the_demo_estate_is_related(b: Backend) {
    use domain::cmdb::ci::CiQuery;
    use domain::cmdb::view::grouped;
    use service::cmdb::page;
    let s = TestServer::start(b).await;
    let svc = &s.services;
    let agent = actor(&s, "priya.shah").await;
    let all = list::list(svc, &agent, CiQuery::default()).await.unwrap();
    assert!(
        (280..=320).contains(&all.total),
        "about three hundred CIs: {}",
        all.total
    );
    assert_eq!(classes::list(svc, &agent).await.unwrap().len(), 11);
    let find = |name: &'static str| {
        let agent = agent.clone();
        async move {
            let q = CiQuery {
                q: Some(name.into()),
                ..CiQuery::default()
            };
            let page = list::list(svc, &agent, q).await.unwrap();
            page.items
                .into_iter()
                .find(|r| r.name == name)
                .unwrap_or_else(|| panic!("{name} is in the demo estate"))
                .id
        }
    };
    // A core switch is needed by hosts, VMs, applications and, through them, business services.
    let switch = find("sw-core-fra-01").await;
    let down = page::named_impact(svc, &agent, switch, Direction::Downstream, 6)
        .await
        .unwrap();
    let services: Vec<&str> = down
        .business_services()
        .iter()
        .map(|r| r.ci.name.as_str())
        .collect();
    for name in ["Payroll", "Online shop", "E-mail"] {
        assert!(services.contains(&name), "{name} in {services:?}");
    }
    assert_eq!(
        down.business_services()[0].ci.criticality,
        Criticality::MISSION_CRITICAL
    );
    // The payroll web application: what it needs, and what needs it.
    let app = find("Payroll web").await;
    let up = page::named_impact(svc, &agent, app, Direction::Upstream, 1)
        .await
        .unwrap();
    let needs: Vec<&str> = up.rows.iter().map(|r| r.ci.name.as_str()).collect();
    for name in [
        "db-payroll",
        "vm-payroll-app-01",
        "lb-fra-01",
        "Single sign-on",
    ] {
        assert!(needs.contains(&name), "{name} in {needs:?}");
    }
    let p = page::page(svc, &agent, app).await.unwrap();
    assert_eq!(p.record.class_name, "Application");
    assert!(!p.can_manage, "agents read the CMDB");
    assert_eq!(p.owner_group.as_deref(), Some("Applications"));
    assert!(
        p.attributes
            .iter()
            .any(|(label, v)| label == "Tier" && v == "Web")
    );
    let groups: Vec<&str> = grouped(&p.neighbours).iter().map(|(l, _)| *l).collect();
    assert_eq!(groups, vec!["Depends on", "Runs on", "Part of"]);
    assert_eq!(p.history[0].change.field, "created");
    assert_eq!(p.history[0].actor, None, "the demo estate is the system's");
    let ines = actor(&s, "ines.moreau").await;
    assert!(page::page(svc, &ines, app).await.unwrap().can_manage);
    let requester = actor(&s, "daniel.novak").await;
    assert!(matches!(
        page::page(svc, &requester, app).await,
        Err(ServiceError::Forbidden)
    ));
    assert!(matches!(
        page::page(svc, &agent, CiId(999_999)).await,
        Err(ServiceError::NotFound)
    ));
}

async fn assets_are_everyones_own_and_move_through_their_lifecycle(b: Backend) {
    use domain::cmdb::asset::{AssetState, Expiry};
    use domain::cmdb::view::{AssetMove, AssetQuery};
    use service::cmdb::assets;
    let s = TestServer::start(b).await;
    let svc = &s.services;
    let daniel = actor(&s, "daniel.novak").await;
    let mia = actor(&s, "mia.johansson").await;
    let agent = actor(&s, "priya.shah").await;
    let ines = actor(&s, "ines.moreau").await;

    // Everyone has their own devices, and sees no one else's.
    let mine = assets::mine(svc, &daniel).await.unwrap();
    assert!(!mine.is_empty(), "the demo issues daniel a laptop");
    assert!(mine.iter().all(|a| a.assigned_to == Some(daniel.user_id)));
    assert!(mine.iter().all(|a| a.state == AssetState::Deployed));
    let laptop = mine.iter().find(|a| a.ci.class_name == "Laptop").unwrap();
    assert!(laptop.asset_tag.as_deref().unwrap().starts_with("BCN-L-"));
    assert!(laptop.model.is_some());
    assert!(!matches!(laptop.warranty, Expiry::Unknown));
    let as_daniel = assets::list(svc, &daniel, AssetQuery::default())
        .await
        .unwrap();
    assert_eq!(
        as_daniel.total,
        mine.len() as u64,
        "a requester lists their own"
    );
    let mias = assets::mine(svc, &mia).await.unwrap();
    assert!(matches!(
        assets::get(svc, &daniel, mias[0].ci.id).await,
        Err(ServiceError::NotFound)
    ));
    assert_eq!(
        assets::get(svc, &mia, mias[0].ci.id).await.unwrap().ci.id,
        mias[0].ci.id
    );

    // Whoever reads the CMDB sees every asset, filtered.
    let all = assets::list(svc, &agent, AssetQuery::default())
        .await
        .unwrap();
    assert!(all.total > 60, "{}", all.total);
    let stock = AssetQuery {
        state: Some(AssetState::InStock),
        ..AssetQuery::default()
    };
    let shelf = assets::list(svc, &agent, stock).await.unwrap();
    assert!(shelf.total > 0);
    assert!(shelf.items.iter().all(|a| a.assigned_to.is_none()));
    let spare = shelf.items[0].ci.id;

    // Moves: checked by the lifecycle, by the configuration manager only.
    let deploy = |to: Option<domain::UserId>| AssetMove {
        to: AssetState::Deployed,
        assigned_to: to,
    };
    assert!(matches!(
        assets::move_asset(svc, &agent, spare, deploy(Some(daniel.user_id))).await,
        Err(ServiceError::Forbidden)
    ));
    invalid_at(
        assets::move_asset(svc, &ines, spare, deploy(None)).await,
        "assigned_to",
    );
    invalid_at(
        assets::move_asset(
            svc,
            &ines,
            spare,
            AssetMove {
                to: AssetState::Disposed,
                assigned_to: None,
            },
        )
        .await,
        "to",
    );
    let moved = assets::move_asset(svc, &ines, spare, deploy(Some(daniel.user_id)))
        .await
        .unwrap();
    assert_eq!(moved.state, AssetState::Deployed);
    assert_eq!(
        moved.ci.status,
        CiStatus::InUse,
        "the CI status follows the state"
    );
    assert_eq!(moved.assigned_name.as_deref(), Some("Daniel Novak"));
    assert_eq!(
        assets::mine(svc, &daniel).await.unwrap().len(),
        mine.len() + 1
    );
    let back = assets::move_asset(
        svc,
        &ines,
        spare,
        AssetMove {
            to: AssetState::InStock,
            assigned_to: None,
        },
    )
    .await
    .unwrap();
    assert_eq!(back.assigned_to, None, "back on the shelf, nobody holds it");
    let history = items::history(svc, &ines, spare).await.unwrap();
    let fields: Vec<&str> = history.iter().map(|h| h.change.field.as_str()).collect();
    assert_eq!(
        &fields[..6],
        &[
            "status",
            "assigned_to",
            "asset_state",
            "status",
            "assigned_to",
            "asset_state"
        ],
        "newest first"
    );
    assert_eq!(history[1].change.old.as_deref(), Some("Daniel Novak"));

    // The REST API answers the same, with a requester's view kept to their own.
    let (token, _) = s.sign_in("daniel.novak").await;
    let listed: serde_json::Value = s.get("/api/v1/assets", &token).await.json().await.unwrap();
    assert_eq!(listed["total"], mine.len() as u64);
    let res = s
        .get(&format!("/api/v1/assets/{}", mias[0].ci.id), &token)
        .await;
    assert_eq!(res.status(), 404);
}
