//! Entitlements: who may see and order a catalog item. An item is for everyone, or only for the
//! listed departments, groups and roles (belonging to any one of them is enough). An item someone
//! is not entitled to does not exist for them: not in the catalog, not in search, not by URL or API.

use crate::auth::{Role, RoleSet};
use crate::ids::{DepartmentId, GroupId};
use serde::{Deserialize, Serialize};

/// Who an item is for.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Audience {
    /// Every employee may order it; the lists below are then ignored.
    pub everyone: bool,
    #[serde(default)]
    pub departments: Vec<DepartmentId>,
    #[serde(default)]
    pub groups: Vec<GroupId>,
    #[serde(default)]
    pub roles: Vec<Role>,
}

impl Default for Audience {
    fn default() -> Self {
        Audience {
            everyone: true,
            departments: Vec::new(),
            groups: Vec::new(),
            roles: Vec::new(),
        }
    }
}

/// What entitlement checks need to know about the person looking at the catalog.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogViewer {
    pub department: Option<DepartmentId>,
    pub groups: Vec<GroupId>,
    pub roles: RoleSet,
}

impl Audience {
    /// Whether `viewer` may see and order the item.
    pub fn admits(&self, viewer: &CatalogViewer) -> bool {
        self.everyone
            || viewer
                .department
                .is_some_and(|d| self.departments.contains(&d))
            || viewer.groups.iter().any(|g| self.groups.contains(g))
            || viewer.roles.iter().any(|r| self.roles.contains(&r))
    }

    /// A restricted audience that names nobody would hide the item from everyone.
    pub fn is_empty(&self) -> bool {
        !self.everyone
            && self.departments.is_empty()
            && self.groups.is_empty()
            && self.roles.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn viewer(dept: Option<i64>, groups: &[i64], roles: &[Role]) -> CatalogViewer {
        CatalogViewer {
            department: dept.map(DepartmentId),
            groups: groups.iter().copied().map(GroupId).collect(),
            roles: roles.iter().copied().collect(),
        }
    }

    fn only(depts: &[i64], groups: &[i64], roles: &[Role]) -> Audience {
        Audience {
            everyone: false,
            departments: depts.iter().copied().map(DepartmentId).collect(),
            groups: groups.iter().copied().map(GroupId).collect(),
            roles: roles.to_vec(),
        }
    }

    #[test]
    fn entitlement_table() {
        let hr = 3;
        let cases: [(Audience, CatalogViewer, bool); 10] = [
            (Audience::default(), viewer(None, &[], &[]), true),
            (
                Audience::default(),
                viewer(Some(1), &[2], &[Role::Agent]),
                true,
            ),
            (only(&[hr], &[], &[]), viewer(Some(hr), &[], &[]), true),
            (only(&[hr], &[], &[]), viewer(Some(1), &[], &[]), false),
            (
                only(&[hr], &[], &[]),
                viewer(None, &[], &[Role::Admin]),
                false,
            ),
            (only(&[], &[7], &[]), viewer(Some(1), &[5, 7], &[]), true),
            (only(&[], &[7], &[]), viewer(Some(1), &[5], &[]), false),
            (
                only(&[], &[], &[Role::Agent]),
                viewer(None, &[], &[Role::Requester, Role::Agent]),
                true,
            ),
            (
                only(&[], &[], &[Role::Agent]),
                viewer(None, &[], &[Role::Requester]),
                false,
            ),
            (
                only(&[], &[], &[]),
                viewer(Some(hr), &[7], &[Role::Admin]),
                false,
            ),
        ];
        for (i, (audience, v, expected)) in cases.into_iter().enumerate() {
            assert_eq!(
                audience.admits(&v),
                expected,
                "case {i}: {audience:?} / {v:?}"
            );
        }
        assert!(only(&[], &[], &[]).is_empty());
        assert!(!Audience::default().is_empty());
    }
}
