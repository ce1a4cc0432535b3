//! Who is asking: every request belongs to exactly one [`Principal`], which
//! history, the usage ledger, budgets and limits are keyed by.
//!
//! A principal is a domain type rather than a string so that "who" cannot be
//! confused with any other text, and so that its kind and plan travel with it
//! instead of being looked up again further down the pipeline.

use std::fmt;
use std::net::{IpAddr, Ipv6Addr};

use serde::Serialize;
use uuid::Uuid;

/// What kind of caller a principal is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PrincipalKind {
    /// No key: identified by its IP group.
    Anonymous,
    /// A user's API key.
    User,
    /// An admin's API key, or the bootstrap `PITWALL_ADMIN_TOKEN`.
    Admin,
}

impl PrincipalKind {
    /// The stored / displayed name.
    pub fn as_str(self) -> &'static str {
        match self {
            PrincipalKind::Anonymous => "anonymous",
            PrincipalKind::User => "user",
            PrincipalKind::Admin => "admin",
        }
    }
}

/// An anonymous client's address group: an IPv4 address, or the /64 an
/// IPv6 address belongs to. One home or phone usually gets a whole /64, so
/// counting single IPv6 addresses would let one client be 2^64 anonymous
/// principals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct IpGroup(IpAddr);

impl IpGroup {
    /// The group of `ip` (IPv4-mapped IPv6 addresses count as IPv4).
    pub fn of(ip: IpAddr) -> Self {
        match ip {
            IpAddr::V4(v4) => IpGroup(IpAddr::V4(v4)),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => IpGroup(IpAddr::V4(v4)),
                None => {
                    let bits = u128::from(v6) & !((1u128 << 64) - 1);
                    IpGroup(IpAddr::V6(Ipv6Addr::from(bits)))
                }
            },
        }
    }

    /// The loopback group (the CLI and tests asking in-process).
    pub fn loopback() -> Self {
        IpGroup::of(IpAddr::from([127, 0, 0, 1]))
    }
}

impl fmt::Display for IpGroup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            IpAddr::V4(v4) => write!(f, "{v4}"),
            IpAddr::V6(v6) => write!(f, "{v6}/64"),
        }
    }
}

/// A principal's stable id, as stored in history and the usage ledger:
/// `ip:<group>` for anonymous clients, `user:<uuid>` for users and admins,
/// `admin:bootstrap` for the bootstrap token.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, utoipa::ToSchema)]
#[serde(transparent)]
pub struct PrincipalId(String);

impl PrincipalId {
    /// The id of an anonymous IP group.
    pub fn anonymous(group: IpGroup) -> Self {
        PrincipalId(format!("ip:{group}"))
    }

    /// The id of a user (admins are users too).
    pub fn user(id: Uuid) -> Self {
        PrincipalId(format!("user:{id}"))
    }

    /// The bootstrap admin token's principal.
    pub fn bootstrap_admin() -> Self {
        PrincipalId("admin:bootstrap".into())
    }

    /// The `pitwall admin` command line's principal.
    pub fn cli() -> Self {
        PrincipalId("admin:cli".into())
    }

    /// Parses a stored id (`ip:…`, `user:…`, `admin:bootstrap`), for
    /// admin filters; `None` for anything else.
    pub fn parse(raw: &str) -> Option<Self> {
        let valid = raw == "admin:bootstrap"
            || raw == "admin:cli"
            || raw
                .strip_prefix("user:")
                .is_some_and(|u| Uuid::parse_str(u).is_ok())
            || raw
                .strip_prefix("ip:")
                .is_some_and(|ip| !ip.is_empty() && ip.len() <= 64);
        valid.then(|| PrincipalId(raw.to_string()))
    }

    /// What an operator types: a stored id (see [`PrincipalId::parse`]) or
    /// a bare user id, which is what creating a user prints.
    pub fn from_operator(raw: &str) -> Option<Self> {
        Uuid::parse_str(raw)
            .ok()
            .map(Self::user)
            .or_else(|| Self::parse(raw))
    }

    /// The id as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PrincipalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The name of a plan (`anonymous`, `free`, `pro`, or a custom one).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, utoipa::ToSchema)]
#[serde(transparent)]
pub struct PlanName(String);

impl PlanName {
    /// The plan anonymous clients are on.
    pub const ANONYMOUS: &'static str = "anonymous";

    /// A plan name: 1 to 64 characters of `a-z`, `0-9`, `-`, `_`, so it is
    /// safe in a URL path and a log line as it is.
    pub fn parse(raw: &str) -> Option<Self> {
        let ok = !raw.is_empty()
            && raw.len() <= 64
            && raw
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
        ok.then(|| PlanName(raw.to_string()))
    }

    /// The anonymous plan.
    pub fn anonymous() -> Self {
        PlanName(Self::ANONYMOUS.into())
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PlanName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Who is asking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// Stable id (history, ledger, budgets, limits are keyed by it).
    pub id: PrincipalId,
    /// Anonymous, user or admin.
    pub kind: PrincipalKind,
    /// The plan whose limits apply.
    pub plan: PlanName,
    /// What to show operators: the user's name, or the IP group.
    pub label: String,
    /// The caller's IP group (also for users: usage reports show it).
    pub ip_group: IpGroup,
    /// The public id of the API key used, if any.
    pub key_id: Option<String>,
}

impl Principal {
    /// An anonymous client of the given IP group.
    pub fn anonymous(group: IpGroup) -> Self {
        Principal {
            id: PrincipalId::anonymous(group),
            kind: PrincipalKind::Anonymous,
            plan: PlanName::anonymous(),
            label: group.to_string(),
            ip_group: group,
            key_id: None,
        }
    }

    /// The holder of the bootstrap admin token (or a loopback operator
    /// when no token is configured).
    pub fn bootstrap_admin(group: IpGroup) -> Self {
        Principal {
            id: PrincipalId::bootstrap_admin(),
            kind: PrincipalKind::Admin,
            plan: PlanName::anonymous(),
            label: "bootstrap admin".into(),
            ip_group: group,
            key_id: None,
        }
    }

    /// The operator running `pitwall admin` on the server's machine.
    pub fn cli_operator() -> Self {
        Principal {
            id: PrincipalId::cli(),
            kind: PrincipalKind::Admin,
            plan: PlanName::anonymous(),
            label: "command line".into(),
            ip_group: IpGroup::loopback(),
            key_id: None,
        }
    }

    /// Whether admin routes and cross-principal views are open to it.
    pub fn is_admin(&self) -> bool {
        self.kind == PrincipalKind::Admin
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_is_grouped_by_64_and_mapped_ipv4_is_ipv4() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:ffff:1:2:3".parse().unwrap();
        let other: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(IpGroup::of(a), IpGroup::of(b));
        assert_ne!(IpGroup::of(a), IpGroup::of(other));
        assert_eq!(IpGroup::of(a).to_string(), "2001:db8:1:2::/64");
        let mapped: IpAddr = "::ffff:203.0.113.7".parse().unwrap();
        assert_eq!(IpGroup::of(mapped).to_string(), "203.0.113.7");
        assert_eq!(
            PrincipalId::anonymous(IpGroup::of(a)).as_str(),
            "ip:2001:db8:1:2::/64"
        );
    }

    #[test]
    fn plan_names_are_plain() {
        assert!(PlanName::parse("pro").is_some());
        assert!(PlanName::parse("team-2").is_some());
        for bad in ["", "Pro", "a b", "x/y", "<script>", &"a".repeat(65)] {
            assert!(PlanName::parse(bad).is_none(), "{bad}");
        }
    }
}
