//! The process as an operator sees it, on the real binary: SIGTERM with live streams open stops it
//! within seconds and leaves a database file that holds every acknowledged write on its own; a
//! backup made while it serves restores every acknowledged write.

#![allow(clippy::unwrap_used)]

use serde_json::{Value, json};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const DEMO_PASSWORD: &str = "beacon-demo-2026";

struct Running {
    child: Child,
    base: String,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn start(data: &Path) -> Running {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_beacon"))
        .env("BEACON_LISTEN", format!("127.0.0.1:{port}"))
        .env("BEACON_DATA_DIR", data)
        .env("BEACON_DEMO", "true")
        .env("BEACON_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Ok(r) = reqwest::get(format!("{base}/readyz")).await
            && r.status() == 200
        {
            break;
        }
        assert!(Instant::now() < deadline, "the server did not become ready");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Running { child, base }
}

async fn token(base: &str, user: &str) -> String {
    let res = reqwest::Client::new()
        .post(format!("{base}/api/v1/auth/token"))
        .json(&json!({"username": user, "password": DEMO_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    body["access_token"].as_str().unwrap().to_string()
}

/// Raises incidents and returns their numbers: each acknowledged with 201.
async fn raise(base: &str, token: &str, titles: &[String]) -> Vec<String> {
    let client = reqwest::Client::new();
    let mut numbers = vec![];
    for title in titles {
        let res = client
            .post(format!("{base}/api/v1/tickets"))
            .bearer_auth(token)
            .json(&json!({
                "kind": "incident",
                "title": title,
                "description": "Written by the lifecycle test.",
                "impact": 3,
                "urgency": 3
            }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
        let body: Value = res.json().await.unwrap();
        numbers.push(body["number"].as_str().unwrap().to_string());
    }
    numbers
}

async fn titles_in(db_file: &Path) -> Vec<String> {
    use db::sea_orm::{ConnectionTrait, Database, Statement};
    let conn = Database::connect(format!("sqlite://{}?mode=ro", db_file.display()))
        .await
        .unwrap();
    let rows = conn
        .query_all(Statement::from_string(
            conn.get_database_backend(),
            "SELECT title FROM tickets",
        ))
        .await
        .unwrap();
    let titles = rows
        .iter()
        .map(|r| r.try_get_by_index::<String>(0).unwrap())
        .collect();
    conn.close().await.unwrap();
    titles
}

fn terminate(child: &mut Child) -> std::process::ExitStatus {
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        assert!(
            Instant::now() < deadline,
            "still running 15 s after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_with_live_streams_stops_promptly_and_leaves_a_complete_file() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut server = start(&data).await;
    let agent = token(&server.base, "priya.shah").await;
    // Two open boards' worth of live streams.
    let mut streams = vec![];
    for _ in 0..2 {
        let mut res = reqwest::Client::new()
            .get(format!("{}/api/v1/events", server.base))
            .bearer_auth(&agent)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert!(res.chunk().await.unwrap().is_some());
        streams.push(res);
    }
    let titles: Vec<String> = (0..5).map(|i| format!("Shutdown check {i}")).collect();
    raise(&server.base, &agent, &titles).await;

    let asked = Instant::now();
    let status = terminate(&mut server.child);
    assert!(status.success(), "{status:?}");
    assert!(
        asked.elapsed() < Duration::from_secs(5),
        "{:?}",
        asked.elapsed()
    );
    // The streams were ended by the server, not cut by the test.
    for mut s in streams {
        let end = tokio::time::timeout(Duration::from_secs(2), async {
            while let Ok(Some(_)) = s.chunk().await {}
        })
        .await;
        assert!(end.is_ok());
    }
    // The write-ahead log was folded into the database file: a copy of that file alone is enough.
    let wal = data.join("beacon.db-wal");
    assert!(
        !wal.exists() || std::fs::metadata(&wal).unwrap().len() == 0,
        "WAL left behind"
    );
    let copy = dir.path().join("copy.db");
    std::fs::copy(data.join("beacon.db"), &copy).unwrap();
    let found = titles_in(&copy).await;
    for t in &titles {
        assert!(found.contains(t), "{t} missing from the copied file");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_while_serving_restores_every_acknowledged_write() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut server = start(&data).await;
    let agent = token(&server.base, "priya.shah").await;
    let titles: Vec<String> = (0..20).map(|i| format!("Backup check {i}")).collect();
    raise(&server.base, &agent, &titles).await;

    let backup = dir.path().join("backup.db");
    let out = Command::new(env!("CARGO_BIN_EXE_beacon"))
        .env("BEACON_DATA_DIR", &data)
        .arg("--backup")
        .arg(&backup)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Backed up the database"));
    // A second backup to the same file is refused rather than overwriting it.
    let again = Command::new(env!("CARGO_BIN_EXE_beacon"))
        .env("BEACON_DATA_DIR", &data)
        .arg("--backup")
        .arg(&backup)
        .output()
        .unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    terminate(&mut server.child);

    // Restore: a new data directory holding only the backup serves every acknowledged ticket.
    let restored = dir.path().join("restored");
    std::fs::create_dir_all(&restored).unwrap();
    std::fs::copy(&backup, restored.join("beacon.db")).unwrap();
    let mut server = start(&restored).await;
    let agent = token(&server.base, "priya.shah").await;
    let list: Value = reqwest::Client::new()
        .get(format!(
            "{}/api/v1/tickets?q=Backup%20check&limit=100",
            server.base
        ))
        .bearer_auth(&agent)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let found: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["title"].as_str().unwrap())
        .collect();
    for t in &titles {
        assert!(found.contains(&t.as_str()), "{t} not restored");
    }
    terminate(&mut server.child);
}
