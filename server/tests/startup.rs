//! The binary's start-up and shutdown contract: `--help` lists the settings; bad settings, an
//! empty or read-only database and an unreachable PostgreSQL stop it with one sentence on stderr
//! (naming the cause, within seconds) instead of a panic; SIGTERM ends it promptly even with live
//! streams open, leaving a database file that is complete on its own; backups restore every
//! acknowledged write.

#![allow(clippy::unwrap_used)]

use std::process::Command;

fn beacon() -> Command {
    Command::new(env!("CARGO_BIN_EXE_beacon"))
}

#[test]
fn help_lists_every_setting() {
    let out = beacon().arg("--help").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for var in [
        "BEACON_LISTEN",
        "BEACON_DATABASE_URL",
        "BEACON_DATA_DIR",
        "BEACON_JWT_SECRET",
        "BEACON_ACCESS_TOKEN_TTL",
        "BEACON_REFRESH_TOKEN_TTL",
        "BEACON_LOG",
        "BEACON_CONFIG",
    ] {
        assert!(text.contains(var), "--help does not mention {var}");
    }
}

fn fails_with(args: &[(&str, &str)], expected: &str) {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = beacon();
    cmd.current_dir(dir.path())
        .env("BEACON_LISTEN", "127.0.0.1:0");
    for (k, v) in args {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "expected one sentence, got: {err}");
    assert!(lines[0].contains(expected), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn wrong_database_url_is_one_sentence() {
    fails_with(
        &[("BEACON_DATABASE_URL", "mysql://nope")],
        "must start with sqlite:// or postgres://",
    );
    let started = std::time::Instant::now();
    fails_with(
        &[(
            "BEACON_DATABASE_URL",
            "postgres://postgres@127.0.0.1:1/nothing",
        )],
        "connection refused",
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "the cause is known at once, not after a pool time-out"
    );
}

#[test]
fn empty_database_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("beacon.db");
    std::fs::write(&file, b"").unwrap();
    fails_with(
        &[(
            "BEACON_DATABASE_URL",
            &format!("sqlite://{}?mode=rwc", file.display()),
        )],
        "is empty (0 bytes)",
    );
    assert_eq!(std::fs::metadata(&file).unwrap().len(), 0, "left untouched");
}

#[test]
fn read_only_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    // A real database first, then opened read-only (as on a read-only mount).
    let made = beacon()
        .current_dir(dir.path())
        .env("BEACON_DATA_DIR", &data)
        .args(["--generate-tickets", "0"])
        .output()
        .unwrap();
    assert!(made.status.success(), "{made:?}");
    fails_with(
        &[(
            "BEACON_DATABASE_URL",
            &format!("sqlite://{}?mode=ro", data.join("beacon.db").display()),
        )],
        "read-only",
    );
}

#[test]
fn unusable_data_directory_is_one_sentence() {
    let file = tempfile::NamedTempFile::new().unwrap();
    let inside_a_file = file.path().join("data");
    fails_with(
        &[("BEACON_DATA_DIR", inside_a_file.to_str().unwrap())],
        "Beacon cannot use the data directory",
    );
}

#[test]
fn short_secret_is_refused() {
    fails_with(&[("BEACON_JWT_SECRET", "short")], "at least 32 characters");
}
