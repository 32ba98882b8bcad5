//! The demo organisation: departments, about twenty people across every role, and the groups that
//! later issues assign work to. Loaded once, into an empty database.
//!
//! Without demo data, an empty database gets a single `admin` account with a random password,
//! printed once at start-up (as GitLab does for its first root password).

use crate::auth::password;
use crate::error::ServiceResult;
pub use crate::seed_catalog::seed_demo_catalog;
pub use crate::seed_tickets::seed_demo_tickets;
use crate::users::insert_user;
use db::entities::{department, group, group_member, user};
use domain::users::NewUser;
use domain::{Role, RoleSet};
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, PaginatorTrait, Set};
use std::collections::HashMap;

/// The password of every demo account. Printed at start-up; change it before real use.
pub const DEMO_PASSWORD: &str = "beacon-demo-2026";

/// What seeding did, for the start-up banner.
#[derive(Debug, Default)]
pub struct SeedReport {
    /// Whether anything was created (false when the database already had users).
    pub created: bool,
    /// One account per role to try the portal with: (role, username).
    pub demo_accounts: Vec<(Role, String)>,
    /// The generated password of the first admin, when no demo data was loaded.
    pub initial_admin_password: Option<String>,
}

const DEPARTMENTS: [&str; 7] = [
    "IT",
    "Finance",
    "Human Resources",
    "Sales",
    "Engineering",
    "Marketing",
    "Facilities",
];

/// (name, description)
const GROUPS: [(&str, &str); 7] = [
    (
        "Service Desk",
        "First line: the single point of contact for every user",
    ),
    ("Network", "LAN, Wi-Fi, VPN, firewalls and DNS"),
    (
        "Database",
        "PostgreSQL and Oracle estates, backups and performance",
    ),
    (
        "Desktop Support",
        "Laptops, peripherals, printers and endpoint software",
    ),
    (
        "Applications",
        "Business applications: ERP, CRM, HR systems",
    ),
    ("Security", "Identity, access and security operations"),
    (
        "Change Advisory Board",
        "Reviews and approves normal changes",
    ),
];

struct Person {
    username: &'static str,
    name: &'static str,
    title: &'static str,
    dept: &'static str,
    manager: Option<&'static str>,
    roles: &'static [Role],
    groups: &'static [&'static str],
    disabled: bool,
}

const fn p(
    username: &'static str,
    name: &'static str,
    title: &'static str,
    dept: &'static str,
    manager: Option<&'static str>,
    roles: &'static [Role],
    groups: &'static [&'static str],
) -> Person {
    Person {
        username,
        name,
        title,
        dept,
        manager,
        roles,
        groups,
        disabled: false,
    }
}

use Role::{Admin, Agent, CabMember, CatalogManager, ChangeManager};

/// Managers come before the people who report to them.
const PEOPLE: [Person; 21] = [
    p(
        "alex.morgan",
        "Alex Morgan",
        "Head of IT Operations",
        "IT",
        None,
        &[Admin, CabMember],
        &["Change Advisory Board"],
    ),
    p(
        "hannah.weber",
        "Hannah Weber",
        "Change Manager",
        "IT",
        Some("alex.morgan"),
        &[ChangeManager],
        &["Change Advisory Board"],
    ),
    p(
        "priya.shah",
        "Priya Shah",
        "Service Desk Lead",
        "IT",
        Some("alex.morgan"),
        &[Agent],
        &["Service Desk"],
    ),
    p(
        "tom.becker",
        "Tom Becker",
        "Service Desk Analyst",
        "IT",
        Some("priya.shah"),
        &[Agent],
        &["Service Desk"],
    ),
    p(
        "aisha.bello",
        "Aisha Bello",
        "Service Desk Analyst",
        "IT",
        Some("priya.shah"),
        &[Agent],
        &["Service Desk", "Desktop Support"],
    ),
    p(
        "lina.okafor",
        "Lina Okafor",
        "Network Engineer",
        "IT",
        Some("alex.morgan"),
        &[Agent],
        &["Network"],
    ),
    p(
        "marco.rossi",
        "Marco Rossi",
        "Database Administrator",
        "IT",
        Some("alex.morgan"),
        &[Agent, CabMember],
        &["Database", "Change Advisory Board"],
    ),
    p(
        "sofia.lindqvist",
        "Sofia Lindqvist",
        "Desktop Support Technician",
        "IT",
        Some("priya.shah"),
        &[Agent],
        &["Desktop Support"],
    ),
    p(
        "kenji.watanabe",
        "Kenji Watanabe",
        "Application Analyst",
        "IT",
        Some("alex.morgan"),
        &[Agent, CatalogManager],
        &["Applications"],
    ),
    p(
        "omar.haddad",
        "Omar Haddad",
        "Security Officer",
        "IT",
        Some("alex.morgan"),
        &[CabMember],
        &["Security", "Change Advisory Board"],
    ),
    p(
        "samuel.adeyemi",
        "Samuel Adeyemi",
        "Finance Director",
        "Finance",
        None,
        &[CabMember],
        &["Change Advisory Board"],
    ),
    p(
        "daniel.novak",
        "Daniel Novak",
        "Accountant",
        "Finance",
        Some("samuel.adeyemi"),
        &[],
        &[],
    ),
    p(
        "grace.kim",
        "Grace Kim",
        "Payroll Specialist",
        "Finance",
        Some("samuel.adeyemi"),
        &[],
        &[],
    ),
    p(
        "emma.dubois",
        "Emma Dubois",
        "HR Director",
        "Human Resources",
        None,
        &[],
        &[],
    ),
    p(
        "isabel.costa",
        "Isabel Costa",
        "Recruiter",
        "Human Resources",
        Some("emma.dubois"),
        &[],
        &[],
    ),
    p(
        "lucas.silva",
        "Lucas Silva",
        "Sales Manager",
        "Sales",
        None,
        &[],
        &[],
    ),
    p(
        "zoe.papadopoulos",
        "Zoe Papadopoulos",
        "Account Executive",
        "Sales",
        Some("lucas.silva"),
        &[],
        &[],
    ),
    p(
        "noah.fischer",
        "Noah Fischer",
        "Engineering Manager",
        "Engineering",
        None,
        &[],
        &[],
    ),
    p(
        "mia.johansson",
        "Mia Johansson",
        "Software Engineer",
        "Engineering",
        Some("noah.fischer"),
        &[],
        &[],
    ),
    p(
        "chloe.martin",
        "Chloe Martin",
        "Marketing Specialist",
        "Marketing",
        None,
        &[],
        &[],
    ),
    Person {
        disabled: true,
        ..p(
            "jonas.meyer",
            "Jonas Meyer",
            "Facilities Coordinator (left)",
            "Facilities",
            None,
            &[],
            &[],
        )
    },
];

/// The account suggested for each role in the start-up banner.
const DEMO_ACCOUNTS: [(Role, &str); 6] = [
    (Role::Admin, "alex.morgan"),
    (Role::Agent, "priya.shah"),
    (Role::CatalogManager, "kenji.watanabe"),
    (Role::ChangeManager, "hannah.weber"),
    (Role::CabMember, "omar.haddad"),
    (Role::Requester, "daniel.novak"),
];

/// Loads the demo organisation if the database has no users yet.
pub async fn seed_demo(db: &DatabaseConnection) -> ServiceResult<SeedReport> {
    let demo_accounts = DEMO_ACCOUNTS
        .iter()
        .map(|(r, u)| (*r, u.to_string()))
        .collect();
    if user::Entity::find().count(db).await? > 0 {
        return Ok(SeedReport {
            created: false,
            demo_accounts,
            initial_admin_password: None,
        });
    }
    let mut dept_ids = HashMap::new();
    for name in DEPARTMENTS {
        let d = department::ActiveModel {
            name: Set(name.into()),
            ..Default::default()
        }
        .insert(db)
        .await?;
        dept_ids.insert(name, d.id);
    }
    let mut group_ids = HashMap::new();
    for (name, description) in GROUPS {
        let g = group::ActiveModel {
            name: Set(name.into()),
            description: Set(description.into()),
            email: Set(Some(format!(
                "{}@beacon.example",
                name.to_lowercase().replace(' ', "-")
            ))),
            ..Default::default()
        }
        .insert(db)
        .await?;
        group_ids.insert(name, g.id);
    }
    let mut user_ids: HashMap<&str, i64> = HashMap::new();
    for person in &PEOPLE {
        let mut roles = RoleSet::empty();
        person.roles.iter().for_each(|r| roles.insert(*r));
        let new = NewUser {
            username: person.username.into(),
            display_name: person.name.into(),
            email: format!("{}@beacon.example", person.username),
            password: DEMO_PASSWORD.into(),
            roles,
        }
        .normalised();
        let hash = password::hash_blocking(DEMO_PASSWORD.into()).await?;
        let manager = person.manager.and_then(|m| user_ids.get(m).copied());
        let id = insert_user(
            db,
            &new,
            hash,
            dept_ids.get(person.dept).copied(),
            manager,
            Some(person.title.into()),
        )
        .await?;
        if person.disabled {
            let mut u: user::ActiveModel = user::ActiveModel {
                id: Set(id),
                ..Default::default()
            };
            u.disabled = Set(true);
            u.update(db).await?;
        }
        for g in person.groups {
            if let Some(gid) = group_ids.get(g) {
                group_member::ActiveModel {
                    group_id: Set(*gid),
                    user_id: Set(id),
                }
                .insert(db)
                .await?;
            }
        }
        user_ids.insert(person.username, id);
    }
    Ok(SeedReport {
        created: true,
        demo_accounts,
        initial_admin_password: None,
    })
}

/// Creates the first admin with a random password if the database has no users yet.
pub async fn seed_initial_admin(db: &DatabaseConnection) -> ServiceResult<SeedReport> {
    if user::Entity::find().count(db).await? > 0 {
        return Ok(SeedReport::default());
    }
    use base64::Engine;
    use rand::RngCore;
    let mut buf = [0u8; 15];
    rand::rngs::OsRng.fill_bytes(&mut buf);
    let pw = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buf);
    let new = NewUser {
        username: "admin".into(),
        display_name: "Administrator".into(),
        email: "admin@localhost.localdomain".into(),
        password: pw.clone(),
        roles: [Role::Admin].into_iter().collect(),
    }
    .normalised();
    let hash = password::hash_blocking(pw.clone()).await?;
    insert_user(db, &new, hash, None, None, None).await?;
    Ok(SeedReport {
        created: true,
        demo_accounts: vec![],
        initial_admin_password: Some(pw),
    })
}
