//! Who may do what: roles, the capabilities they grant, and the portal areas those unlock.
//!
//! A user holds one or more [`Role`]s. Code never asks "is this user an agent?"; it asks whether the
//! [`Actor`] holds a [`Capability`], so that the mapping from roles to rights lives in this one table.

use crate::ids::UserId;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A role a user may hold. Every employee is at least a requester.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Any employee: orders from the catalog, reports incidents, reads knowledge, tracks own tickets.
    Requester,
    /// Service desk and resolver-group staff: work incidents, requests and problems.
    Agent,
    /// Owns the change process: assesses, schedules and approves changes.
    ChangeManager,
    /// Member of the change advisory board: reviews and votes on changes.
    CabMember,
    /// Owns the service catalog: categories, items, their forms, approvals and fulfilment.
    CatalogManager,
    /// Owns the CMDB: configuration item classes, CIs, their relationships, assets and licences.
    ConfigurationManager,
    /// Administers users, groups, catalog, SLA policies and configuration items.
    Admin,
}

impl Role {
    /// Every role, in the order the UI lists them.
    pub const ALL: [Role; 7] = [
        Role::Requester,
        Role::Agent,
        Role::ChangeManager,
        Role::CabMember,
        Role::CatalogManager,
        Role::ConfigurationManager,
        Role::Admin,
    ];

    /// The stable identifier used in storage, tokens and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Requester => "requester",
            Role::Agent => "agent",
            Role::ChangeManager => "change_manager",
            Role::CabMember => "cab_member",
            Role::CatalogManager => "catalog_manager",
            Role::ConfigurationManager => "configuration_manager",
            Role::Admin => "admin",
        }
    }

    /// The name people read.
    pub fn label(self) -> &'static str {
        match self {
            Role::Requester => "Requester",
            Role::Agent => "Agent",
            Role::ChangeManager => "Change manager",
            Role::CabMember => "CAB member",
            Role::CatalogManager => "Catalog manager",
            Role::ConfigurationManager => "Configuration manager",
            Role::Admin => "Admin",
        }
    }

    /// Parses the identifier produced by [`Role::as_str`].
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The roles that grant `cap`, for queries that look people up by what they may do (the
    /// names stored in `user_roles`) instead of naming roles.
    pub fn granting(cap: Capability) -> impl Iterator<Item = Role> {
        Role::ALL.into_iter().filter(move |r| role_grants(*r, cap))
    }

    fn bit(self) -> u64 {
        1 << (self as u32)
    }
}

// A role set holds one bit per role: room for 64 roles, checked when this compiles.
const _: () = assert!(Role::ALL.len() <= u64::BITS as usize);

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A set of roles, serialised as a list of role identifiers (the bits never leave memory, so
/// roles may be added anywhere in [`Role::ALL`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "Vec<Role>", into = "Vec<Role>")]
pub struct RoleSet(u64);

impl RoleSet {
    /// The empty set.
    pub const fn empty() -> Self {
        RoleSet(0)
    }

    /// Whether `role` is in the set.
    pub fn contains(self, role: Role) -> bool {
        self.0 & role.bit() != 0
    }

    /// Adds `role` to the set.
    pub fn insert(&mut self, role: Role) {
        self.0 |= role.bit();
    }

    /// Whether the set holds no role.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The roles in the set, in [`Role::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = Role> {
        Role::ALL.into_iter().filter(move |r| self.contains(*r))
    }

    /// The most senior role, shown next to the user's name in the top bar.
    pub fn primary(self) -> Role {
        self.iter().last().unwrap_or(Role::Requester)
    }

    /// Whether any role of the set grants `cap`.
    pub fn grants(self, cap: Capability) -> bool {
        self.iter().any(|r| role_grants(r, cap))
    }
}

impl From<Vec<Role>> for RoleSet {
    fn from(v: Vec<Role>) -> Self {
        v.into_iter().collect()
    }
}

impl From<RoleSet> for Vec<Role> {
    fn from(s: RoleSet) -> Self {
        s.iter().collect()
    }
}

impl FromIterator<Role> for RoleSet {
    fn from_iter<T: IntoIterator<Item = Role>>(iter: T) -> Self {
        let mut set = RoleSet::empty();
        for r in iter {
            set.insert(r);
        }
        set
    }
}

/// A right to do something, granted by roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Capability {
    /// Use self-service: order from the catalog, report incidents, track own tickets, read knowledge.
    UseSelfService,
    /// Work tickets of every kind on the boards.
    WorkTickets,
    /// See changes and the change calendar.
    ViewChanges,
    /// Create, assess and schedule changes; approve as change manager.
    ManageChanges,
    /// Review and vote on changes as a member of the CAB.
    ReviewChanges,
    /// Browse configuration items in the CMDB.
    ViewConfigurationItems,
    /// Create and edit CI classes, configuration items, relationships, assets and licences.
    ManageConfigurationItems,
    /// See service reports and dashboards.
    ViewReports,
    /// Create, disable and reset users.
    ManageUsers,
    /// Edit and publish the service catalog: categories, items, forms, approvals, fulfilment.
    ManageCatalog,
    /// Administer SLA policies, groups and configuration items.
    Administer,
}

/// The single table of who may do what.
pub fn role_grants(role: Role, cap: Capability) -> bool {
    use Capability::*;
    match role {
        // Admins hold every right: they are the escape hatch of the installation.
        Role::Admin => true,
        Role::Requester => matches!(cap, UseSelfService),
        Role::Agent => matches!(
            cap,
            UseSelfService | WorkTickets | ViewChanges | ViewConfigurationItems | ViewReports
        ),
        Role::ChangeManager => matches!(
            cap,
            UseSelfService
                | ViewChanges
                | ManageChanges
                | ReviewChanges
                | ViewConfigurationItems
                | ViewReports
        ),
        Role::CabMember => matches!(
            cap,
            UseSelfService | ViewChanges | ReviewChanges | ViewConfigurationItems
        ),
        Role::CatalogManager => matches!(cap, UseSelfService | ManageCatalog),
        Role::ConfigurationManager => matches!(
            cap,
            UseSelfService | ViewConfigurationItems | ManageConfigurationItems | ViewReports
        ),
    }
}

/// The signed-in user as every layer sees it: who they are and what they hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub user_id: UserId,
    pub username: String,
    pub display_name: String,
    pub roles: RoleSet,
}

impl Actor {
    /// Whether the actor holds `cap` through any of their roles.
    pub fn can(&self, cap: Capability) -> bool {
        self.roles.grants(cap)
    }

    /// Initials for the avatar: first letters of the first and last word of the display name.
    pub fn initials(&self) -> String {
        initials(&self.display_name)
    }

    /// The areas of the portal this actor may open, in navigation order.
    pub fn areas(&self) -> impl Iterator<Item = Area> + '_ {
        Area::ALL.into_iter().filter(|a| self.can(a.capability()))
    }
}

/// Initials for an avatar from a display name ("Ada Lovelace" → "AL").
pub fn initials(name: &str) -> String {
    let mut words = name.split_whitespace();
    let first = words.next().and_then(|w| w.chars().next());
    let last = words.last().and_then(|w| w.chars().next());
    first
        .into_iter()
        .chain(last)
        .flat_map(char::to_uppercase)
        .collect()
}

/// An area of the portal, reachable from the navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Area {
    Home,
    Catalog,
    MyTickets,
    MyRequests,
    MyDevices,
    Approvals,
    Knowledge,
    Boards,
    Changes,
    Cmdb,
    Reports,
    CatalogAdmin,
    Admin,
}

impl Area {
    /// Every area, in navigation order.
    pub const ALL: [Area; 13] = [
        Area::Home,
        Area::Catalog,
        Area::MyTickets,
        Area::MyRequests,
        Area::MyDevices,
        Area::Approvals,
        Area::Knowledge,
        Area::Boards,
        Area::Changes,
        Area::Cmdb,
        Area::Reports,
        Area::CatalogAdmin,
        Area::Admin,
    ];

    /// The capability needed to open the area.
    pub fn capability(self) -> Capability {
        match self {
            Area::Home
            | Area::Catalog
            | Area::MyTickets
            | Area::MyRequests
            | Area::MyDevices
            | Area::Approvals
            | Area::Knowledge => Capability::UseSelfService,
            Area::CatalogAdmin => Capability::ManageCatalog,
            Area::Boards => Capability::WorkTickets,
            Area::Changes => Capability::ViewChanges,
            Area::Cmdb => Capability::ViewConfigurationItems,
            Area::Reports => Capability::ViewReports,
            Area::Admin => Capability::ManageUsers,
        }
    }

    /// The path of the area's first page.
    pub fn path(self) -> &'static str {
        match self {
            Area::Home => "/",
            Area::Catalog => "/catalog",
            Area::MyTickets => "/my/tickets",
            Area::MyRequests => "/my/requests",
            Area::MyDevices => "/my/devices",
            Area::Approvals => "/approvals",
            Area::CatalogAdmin => "/admin/catalog",
            Area::Knowledge => "/knowledge",
            Area::Boards => "/boards",
            Area::Changes => "/changes",
            Area::Cmdb => "/cmdb",
            Area::Reports => "/reports",
            Area::Admin => "/admin/users",
        }
    }

    /// The name in the navigation.
    pub fn label(self) -> &'static str {
        match self {
            Area::Home => "Home",
            Area::Catalog => "Service catalog",
            Area::MyTickets => "My tickets",
            Area::MyRequests => "My requests",
            Area::MyDevices => "My devices",
            Area::Approvals => "Approvals",
            Area::CatalogAdmin => "Catalog admin",
            Area::Knowledge => "Knowledge",
            Area::Boards => "Boards",
            Area::Changes => "Changes",
            Area::Cmdb => "CMDB",
            Area::Reports => "Reports",
            Area::Admin => "Admin",
        }
    }

    /// One line on what the area is for, for the home page tiles.
    pub fn summary(self) -> &'static str {
        match self {
            Area::Catalog => {
                "Browse IT services, order through guided forms and follow approvals and delivery."
            }
            Area::MyTickets => "Follow the incidents and requests you raised, in plain words.",
            Area::MyDevices => "The laptop, phone and other equipment IT has issued to you.",
            Area::MyRequests => {
                "What you ordered from the catalog: approvals, delivery and status."
            }
            Area::Approvals => "Requests waiting for your approval, with what was asked and why.",
            Area::CatalogAdmin => {
                "Edit catalog items as versioned drafts: forms, audience, approvals and fulfilment tasks."
            }
            Area::Boards => {
                "Live kanban boards of incidents, requests and problems, shared with your team."
            }
            Area::Admin => "Manage user accounts: create, reset passwords, disable.",
            Area::Cmdb => {
                "Configuration items, their relationships and what breaks if one goes down."
            }
            Area::Home => "Your areas and profile.",
            other => other.coming().unwrap_or_default(),
        }
    }

    /// What the area will hold once built; `None` for areas that are live.
    pub fn coming(self) -> Option<&'static str> {
        match self {
            Area::Home
            | Area::Admin
            | Area::Catalog
            | Area::CatalogAdmin
            | Area::Approvals
            | Area::MyTickets
            | Area::MyRequests
            | Area::MyDevices => None,
            Area::Knowledge => Some("Search how-to articles and known fixes before you call."),
            Area::Boards | Area::Cmdb => None,
            Area::Changes => Some(
                "Assess, approve and schedule changes on the change calendar, with conflicts and freeze windows.",
            ),
            Area::Reports => Some("Service levels, volumes and trends for continual improvement."),
        }
    }

    /// Finds the area a page belongs to: the area whose path is the page or a folder above it;
    /// other pages under `/admin` belong to user administration.
    pub fn for_path(path: &str) -> Option<Area> {
        let under = |root: &str| path == root || path.starts_with(&format!("{root}/"));
        Area::ALL
            .into_iter()
            .find(|a| a.path() != "/" && under(a.path()))
            .or_else(|| match path {
                "/" => Some(Area::Home),
                p if p == "/admin" || p.starts_with("/admin/") => Some(Area::Admin),
                p if p == "/requests" || p.starts_with("/requests/") => Some(Area::MyTickets),
                _ => None,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Capability::*;

    /// Every role against every capability: the whole permission table, written out.
    #[test]
    fn role_capability_table() {
        const ALL_CAPS: [Capability; 11] = [
            UseSelfService,
            WorkTickets,
            ViewChanges,
            ManageChanges,
            ReviewChanges,
            ViewConfigurationItems,
            ManageConfigurationItems,
            ViewReports,
            ManageUsers,
            ManageCatalog,
            Administer,
        ];
        let table: [(Role, &[Capability]); 7] = [
            (Role::Requester, &[UseSelfService]),
            (
                Role::Agent,
                &[
                    UseSelfService,
                    WorkTickets,
                    ViewChanges,
                    ViewConfigurationItems,
                    ViewReports,
                ],
            ),
            (
                Role::ChangeManager,
                &[
                    UseSelfService,
                    ViewChanges,
                    ManageChanges,
                    ReviewChanges,
                    ViewConfigurationItems,
                    ViewReports,
                ],
            ),
            (
                Role::CabMember,
                &[
                    UseSelfService,
                    ViewChanges,
                    ReviewChanges,
                    ViewConfigurationItems,
                ],
            ),
            (Role::CatalogManager, &[UseSelfService, ManageCatalog]),
            (
                Role::ConfigurationManager,
                &[
                    UseSelfService,
                    ViewConfigurationItems,
                    ManageConfigurationItems,
                    ViewReports,
                ],
            ),
            (Role::Admin, &ALL_CAPS),
        ];
        for (role, granted) in table {
            for cap in ALL_CAPS {
                assert_eq!(
                    role_grants(role, cap),
                    granted.contains(&cap),
                    "{role:?} / {cap:?}"
                );
            }
        }
    }

    #[test]
    fn role_sets_combine_rights() {
        let cases: [(&[Role], Capability, bool); 6] = [
            (&[], UseSelfService, false),
            (&[Role::Requester], WorkTickets, false),
            (&[Role::Requester, Role::Agent], WorkTickets, true),
            (&[Role::Agent, Role::CabMember], ReviewChanges, true),
            (&[Role::CabMember], ManageChanges, false),
            (&[Role::Requester, Role::Admin], ManageUsers, true),
        ];
        for (roles, cap, expected) in cases {
            let set: RoleSet = roles.iter().copied().collect();
            assert_eq!(set.grants(cap), expected, "{roles:?} / {cap:?}");
        }
    }

    #[test]
    fn roles_are_found_by_what_they_grant() {
        let workers: Vec<Role> = Role::granting(WorkTickets).collect();
        assert_eq!(workers, vec![Role::Agent, Role::Admin]);
        let catalog: Vec<Role> = Role::granting(ManageCatalog).collect();
        assert_eq!(catalog, vec![Role::CatalogManager, Role::Admin]);
        assert_eq!(Role::granting(UseSelfService).count(), Role::ALL.len());
    }

    #[test]
    fn every_role_fits_in_a_role_set() {
        let all: RoleSet = Role::ALL.into_iter().collect();
        assert_eq!(all.iter().count(), Role::ALL.len());
        for role in Role::ALL {
            let one: RoleSet = [role].into_iter().collect();
            assert!(one.contains(role));
            assert_eq!(one.iter().collect::<Vec<_>>(), vec![role]);
        }
    }

    #[test]
    fn role_identifiers_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
        assert_eq!(Role::parse("Admin"), None);
    }

    #[test]
    fn primary_role_is_the_most_senior() {
        let cases: [(&[Role], Role); 4] = [
            (&[], Role::Requester),
            (&[Role::Requester], Role::Requester),
            (&[Role::Requester, Role::Agent], Role::Agent),
            (&[Role::Agent, Role::Admin, Role::CabMember], Role::Admin),
        ];
        for (roles, expected) in cases {
            let set: RoleSet = roles.iter().copied().collect();
            assert_eq!(set.primary(), expected, "{roles:?}");
        }
    }

    #[test]
    fn role_set_lists_roles_in_canonical_order() {
        let set: RoleSet = [Role::Admin, Role::Agent, Role::Requester, Role::Agent]
            .into_iter()
            .collect();
        let listed: Vec<Role> = set.into();
        assert_eq!(listed, vec![Role::Requester, Role::Agent, Role::Admin]);
    }

    #[test]
    fn areas_by_role() {
        let actor = |roles: &[Role]| Actor {
            user_id: UserId(1),
            username: "u".into(),
            display_name: "U".into(),
            roles: roles.iter().copied().collect(),
        };
        use Area::*;
        let cases: [(&[Role], &[Area]); 5] = [
            (
                &[Role::Requester],
                &[
                    Home, Catalog, MyTickets, MyRequests, MyDevices, Approvals, Knowledge,
                ],
            ),
            (
                &[Role::Requester, Role::Agent],
                &[
                    Home, Catalog, MyTickets, MyRequests, MyDevices, Approvals, Knowledge, Boards,
                    Changes, Cmdb, Reports,
                ],
            ),
            (
                &[Role::Requester, Role::CabMember],
                &[
                    Home, Catalog, MyTickets, MyRequests, MyDevices, Approvals, Knowledge, Changes,
                    Cmdb,
                ],
            ),
            (
                &[Role::CatalogManager],
                &[
                    Home,
                    Catalog,
                    MyTickets,
                    MyRequests,
                    MyDevices,
                    Approvals,
                    Knowledge,
                    CatalogAdmin,
                ],
            ),
            (&[Role::Admin], &Area::ALL),
        ];
        for (roles, expected) in cases {
            let got: Vec<Area> = actor(roles).areas().collect();
            assert_eq!(got, expected.to_vec(), "{roles:?}");
        }
    }

    #[test]
    fn area_for_path() {
        let cases = [
            ("/", Some(Area::Home)),
            ("/catalog", Some(Area::Catalog)),
            ("/catalog/laptop", Some(Area::Catalog)),
            ("/admin/users", Some(Area::Admin)),
            ("/admin/users/4", Some(Area::Admin)),
            ("/admin", Some(Area::Admin)),
            ("/admin/catalog", Some(Area::CatalogAdmin)),
            ("/admin/catalog/items/3", Some(Area::CatalogAdmin)),
            ("/approvals", Some(Area::Approvals)),
            ("/requests/REQ0000001", Some(Area::MyTickets)),
            ("/my/tickets", Some(Area::MyTickets)),
            ("/my/requests", Some(Area::MyRequests)),
            ("/my/devices", Some(Area::MyDevices)),
            ("/boardsx", None),
            ("/nowhere", None),
        ];
        for (path, expected) in cases {
            assert_eq!(Area::for_path(path), expected, "{path}");
        }
    }

    #[test]
    fn initials_table() {
        let cases = [
            ("Ada Lovelace", "AL"),
            ("grace", "G"),
            ("Jean-Luc de la Picard", "JP"),
            ("", ""),
            ("  émile   zola ", "ÉZ"),
        ];
        for (name, expected) in cases {
            assert_eq!(initials(name), expected, "{name:?}");
        }
    }
}
