//! Typed identifiers, so a user id cannot be passed where a group id is expected.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl From<i64> for $name {
            fn from(v: i64) -> Self {
                Self(v)
            }
        }
    };
}

typed_id!(
    /// Identifies a user account.
    UserId
);
typed_id!(
    /// Identifies a group (assignment group, resolver group, CAB...).
    GroupId
);
typed_id!(
    /// Identifies a department of the organisation.
    DepartmentId
);
typed_id!(
    /// Identifies a ticket (incident, service request or problem) internally; people use its number.
    TicketId
);
typed_id!(
    /// Identifies a service catalog item (across its versions).
    CatalogItemId
);
typed_id!(
    /// Identifies a service catalog category.
    CategoryId
);
typed_id!(
    /// Identifies one approver's approval of one request.
    ApprovalId
);
typed_id!(
    /// Identifies a configuration item (a CI of any class, assets and licences included).
    CiId
);
typed_id!(
    /// Identifies a class of configuration items (server, database, business service...).
    CiClassId
);
