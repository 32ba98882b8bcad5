//! Throttling failed sign-ins, per account and per client address, in memory.
//!
//! Three counters, each forgetting failures after [`WINDOW_SECS`] without one:
//! - **account at one address**: 5 free failures, then a wait of 30 s that doubles with each
//!   further failure, at most 15 minutes. This is what stops guessing one person's password.
//! - **one address, any accounts**: 20 free failures, then 60 s doubling to at most an hour.
//!   This stops spraying one common password over many accounts.
//! - **one account, any addresses**: 50 free failures, then 30 s doubling to at most 5 minutes.
//!   This slows a distributed attack on one account, while an attacker can never shut the real
//!   person out for longer than 5 minutes (their own address keeps its own counter).
//!
//! While a key waits, attempts are refused before any password work (no argon2 cost) and do not
//! lengthen the wait. A successful sign-in clears its account counters, not the address's. The
//! tables are bounded: past [`MAX_KEYS`] entries, forgotten ones are dropped first, then the
//! oldest. Several server instances each keep their own counters (documented in the README).

use std::collections::HashMap;
use std::sync::Mutex;

/// Failures older than this (seconds, since the latest failure) are forgotten.
pub const WINDOW_SECS: i64 = 15 * 60;
/// Entries kept per table before the oldest are dropped.
const MAX_KEYS: usize = 100_000;

/// One counter's policy: failures allowed for free, the first wait, and the longest wait.
#[derive(Debug, Clone, Copy)]
struct Policy {
    free: u32,
    first_wait: i64,
    max_wait: i64,
}

const PER_ACCOUNT_AT_CLIENT: Policy = Policy {
    free: 5,
    first_wait: 30,
    max_wait: 15 * 60,
};
const PER_CLIENT: Policy = Policy {
    free: 20,
    first_wait: 60,
    max_wait: 60 * 60,
};
const PER_ACCOUNT: Policy = Policy {
    free: 50,
    first_wait: 30,
    max_wait: 5 * 60,
};

impl Policy {
    /// The wait imposed after the `failures`-th failure (0 while still free).
    fn wait_after(&self, failures: u32) -> i64 {
        if failures <= self.free {
            return 0;
        }
        let doublings = (failures - self.free - 1).min(20);
        (self.first_wait << doublings).min(self.max_wait)
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct Entry {
    failures: u32,
    last_failure: i64,
    blocked_until: i64,
    /// Whether a refusal in the current wait has been written to the security log.
    refusal_logged: bool,
}

#[derive(Debug, Default)]
struct Table(HashMap<String, Entry>);

impl Table {
    fn blocked(&self, key: &str, now: i64) -> Option<i64> {
        self.0
            .get(key)
            .filter(|e| e.blocked_until > now)
            .map(|e| e.blocked_until - now)
    }

    fn fail(&mut self, key: &str, policy: Policy, now: i64) {
        self.make_room(now);
        let e = self.0.entry(key.to_string()).or_default();
        if now - e.last_failure > WINDOW_SECS {
            *e = Entry::default();
        }
        e.failures += 1;
        e.last_failure = now;
        let wait = policy.wait_after(e.failures);
        if wait > 0 {
            e.blocked_until = now + wait;
            e.refusal_logged = false;
        }
    }

    /// Marks the current wait of `key` as logged; true the first time.
    fn first_refusal(&mut self, key: &str) -> bool {
        match self.0.get_mut(key) {
            Some(e) if !e.refusal_logged => {
                e.refusal_logged = true;
                true
            }
            _ => false,
        }
    }

    fn make_room(&mut self, now: i64) {
        if self.0.len() < MAX_KEYS {
            return;
        }
        self.0
            .retain(|_, e| now - e.last_failure <= WINDOW_SECS || e.blocked_until > now);
        if self.0.len() >= MAX_KEYS {
            let mut ages: Vec<i64> = self.0.values().map(|e| e.last_failure).collect();
            ages.sort_unstable();
            let cutoff = ages[ages.len() / 2];
            self.0.retain(|_, e| e.last_failure > cutoff);
        }
    }
}

#[derive(Debug, Default)]
struct Tables {
    account_at_client: Table,
    client: Table,
    account: Table,
}

/// Why a sign-in attempt is refused before checking its password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// Seconds until an attempt may be made again.
    pub retry_after_secs: u64,
    /// Which counter refused: `account`, `address` or `account and address`.
    pub reason: &'static str,
    /// Whether this is the first refusal of this wait (to be written to the security log).
    pub first: bool,
}

/// The failed sign-in counters of this server process.
#[derive(Debug, Default)]
pub struct SignInThrottle(Mutex<Tables>);

impl SignInThrottle {
    fn with<T>(&self, f: impl FnOnce(&mut Tables) -> T) -> T {
        match self.0.lock() {
            Ok(mut t) => f(&mut t),
            Err(poisoned) => f(&mut poisoned.into_inner()),
        }
    }

    /// Whether `account` may try a password from `client` at `now` (seconds).
    pub fn check(&self, account: &str, client: &str, now: i64) -> Result<(), Refusal> {
        let pair = pair_key(account, client);
        self.with(|t| {
            let waits = [
                (
                    t.account_at_client.blocked(&pair, now),
                    "account and address",
                ),
                (t.client.blocked(client, now), "address"),
                (t.account.blocked(account, now), "account"),
            ];
            let Some((secs, reason)) = waits
                .into_iter()
                .filter_map(|(w, r)| w.map(|w| (w, r)))
                .max_by_key(|(w, _)| *w)
            else {
                return Ok(());
            };
            let first = match reason {
                "account and address" => t.account_at_client.first_refusal(&pair),
                "address" => t.client.first_refusal(client),
                _ => t.account.first_refusal(account),
            };
            Err(Refusal {
                retry_after_secs: secs.max(1) as u64,
                reason,
                first,
            })
        })
    }

    /// Counts a failed attempt.
    pub fn failed(&self, account: &str, client: &str, now: i64) {
        let pair = pair_key(account, client);
        self.with(|t| {
            t.account_at_client.fail(&pair, PER_ACCOUNT_AT_CLIENT, now);
            t.client.fail(client, PER_CLIENT, now);
            t.account.fail(account, PER_ACCOUNT, now);
        });
    }

    /// A successful sign-in: the account's counters start again (the address's do not).
    pub fn succeeded(&self, account: &str, client: &str) {
        let pair = pair_key(account, client);
        self.with(|t| {
            t.account_at_client.0.remove(&pair);
            t.account.0.remove(account);
        });
    }
}

fn pair_key(account: &str, client: &str) -> String {
    format!("{account}\u{0}{client}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_grow_and_are_capped() {
        let cases = [
            (PER_ACCOUNT_AT_CLIENT, 5, 0),
            (PER_ACCOUNT_AT_CLIENT, 6, 30),
            (PER_ACCOUNT_AT_CLIENT, 7, 60),
            (PER_ACCOUNT_AT_CLIENT, 10, 480),
            (PER_ACCOUNT_AT_CLIENT, 11, 900),
            (PER_ACCOUNT_AT_CLIENT, 500, 900),
            (PER_CLIENT, 20, 0),
            (PER_CLIENT, 21, 60),
            (PER_CLIENT, 1000, 3600),
            (PER_ACCOUNT, 51, 30),
            (PER_ACCOUNT, u32::MAX, 300),
        ];
        for (policy, failures, wait) in cases {
            assert_eq!(policy.wait_after(failures), wait, "{policy:?} {failures}");
        }
    }

    #[test]
    fn five_free_failures_then_a_wait_for_that_account_at_that_address() {
        let t = SignInThrottle::default();
        for i in 0..5 {
            assert!(t.check("ada", "10.0.0.1", 100 + i).is_ok());
            t.failed("ada", "10.0.0.1", 100 + i);
        }
        assert!(
            t.check("ada", "10.0.0.1", 105).is_ok(),
            "5 failures are free"
        );
        t.failed("ada", "10.0.0.1", 105);
        let r = t.check("ada", "10.0.0.1", 106).unwrap_err();
        assert_eq!(r.retry_after_secs, 29);
        assert_eq!(r.reason, "account and address");
        assert!(r.first);
        assert!(!t.check("ada", "10.0.0.1", 107).unwrap_err().first);
        // The real person at another address is not locked out.
        assert!(t.check("ada", "192.0.2.7", 106).is_ok());
        // The same address may still sign in to another account.
        assert!(t.check("grace", "10.0.0.1", 106).is_ok());
        // After the wait, one more try.
        assert!(t.check("ada", "10.0.0.1", 136).is_ok());
    }

    #[test]
    fn spraying_from_one_address_is_stopped() {
        let t = SignInThrottle::default();
        for i in 0..21 {
            t.failed(&format!("user{i}"), "10.0.0.9", 1000);
        }
        let r = t.check("someone-new", "10.0.0.9", 1001).unwrap_err();
        assert_eq!(r.reason, "address");
        assert_eq!(r.retry_after_secs, 59);
    }

    #[test]
    fn a_distributed_attack_locks_an_account_for_minutes_at_most() {
        let t = SignInThrottle::default();
        for i in 0..200 {
            t.failed("ada", &format!("203.0.113.{i}"), 5000);
        }
        let r = t.check("ada", "192.0.2.7", 5000).unwrap_err();
        assert_eq!(r.reason, "account");
        assert!(r.retry_after_secs <= 300, "{r:?}");
        assert!(t.check("ada", "192.0.2.7", 5301).is_ok());
    }

    #[test]
    fn failures_are_forgotten_and_success_clears_the_account() {
        let t = SignInThrottle::default();
        for _ in 0..5 {
            t.failed("ada", "10.0.0.1", 0);
        }
        // Long after: the count starts again, so the next failure is free.
        t.failed("ada", "10.0.0.1", WINDOW_SECS + 1);
        assert!(t.check("ada", "10.0.0.1", WINDOW_SECS + 2).is_ok());
        for _ in 0..4 {
            t.failed("ada", "10.0.0.1", WINDOW_SECS + 2);
        }
        t.succeeded("ada", "10.0.0.1");
        t.failed("ada", "10.0.0.1", WINDOW_SECS + 3);
        assert!(t.check("ada", "10.0.0.1", WINDOW_SECS + 4).is_ok());
    }

    #[test]
    fn tables_stay_bounded() {
        let mut table = Table::default();
        for i in 0..(MAX_KEYS as i64 + 10) {
            table.fail(&format!("k{i}"), PER_CLIENT, i);
        }
        assert!(table.0.len() <= MAX_KEYS, "{}", table.0.len());
    }
}
