//! `pitwall backup`, `pitwall backup verify` and `pitwall restore` on the
//! real binary: a backup taken while `serve` answers questions verifies; a
//! flipped byte fails verification; restore is refused while a server runs,
//! keeps the old database aside and a new server serves the restored
//! history and budgets; rotation keeps exactly the configured set.

#![allow(clippy::unwrap_used, clippy::expect_used)]
// A synchronous test of child processes: blocking sleeps are fine.
#![allow(clippy::disallowed_methods, clippy::zombie_processes)]

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

mod serve_support;

use serve_support::{pitwall, start, terminate};

fn run(data: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    pitwall(data)
        .envs(env.iter().copied())
        .args(args)
        .output()
        .unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn ok(out: Output) -> Output {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status,
        stdout(&out),
        stderr(&out)
    );
    out
}

fn last_line(out: &Output) -> String {
    stdout(out).lines().last().unwrap_or_default().to_string()
}

fn ask(addr: &str, question: &str) -> serde_json::Value {
    let res = reqwest::blocking::Client::new()
        .post(format!("http://{addr}/v1/ask"))
        .json(&serde_json::json!({ "question": question }))
        .send()
        .unwrap();
    assert_eq!(res.status(), 200);
    res.json().unwrap()
}

/// Every history id the caller (anonymous, from loopback) sees, newest first.
fn history_ids(addr: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut before: Option<String> = None;
    loop {
        let mut url = format!("http://{addr}/v1/history?limit=100");
        if let Some(b) = &before {
            url.push_str(&format!("&before={b}"));
        }
        let page: serde_json::Value = reqwest::blocking::get(url).unwrap().json().unwrap();
        for item in page["items"].as_array().unwrap() {
            ids.push(item["id"].as_str().unwrap().to_string());
        }
        match page["next_before"].as_str() {
            Some(b) => before = Some(b.to_string()),
            None => return ids,
        }
    }
}

/// Asks questions in a loop until stopped: writes arriving while a backup runs.
struct Writer {
    stop: Arc<AtomicBool>,
    answered: Arc<AtomicUsize>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Writer {
    fn start(addr: &str) -> Writer {
        let stop = Arc::new(AtomicBool::new(false));
        let answered = Arc::new(AtomicUsize::new(0));
        let (s, a, addr) = (Arc::clone(&stop), Arc::clone(&answered), addr.to_string());
        let questions = [
            "who won monza 2019",
            "who won spa in 98",
            "pole at monaco 2012",
        ];
        let thread = std::thread::spawn(move || {
            let mut i = 0;
            while !s.load(Ordering::SeqCst) {
                ask(&addr, questions[i % questions.len()]);
                a.fetch_add(1, Ordering::SeqCst);
                i += 1;
                std::thread::sleep(Duration::from_millis(5));
            }
        });
        Writer {
            stop,
            answered,
            thread: Some(thread),
        }
    }

    fn wait_for(&self, n: usize) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while self.answered.load(Ordering::SeqCst) < n {
            assert!(Instant::now() < deadline, "writer too slow");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    fn stop(mut self) -> usize {
        self.stop.store(true, Ordering::SeqCst);
        self.thread.take().unwrap().join().unwrap();
        self.answered.load(Ordering::SeqCst)
    }
}

fn flip_middle_byte(path: &Path) {
    let mut bytes = std::fs::read(path).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x5a;
    std::fs::write(path, bytes).unwrap();
}

fn manifest_of(file: &Path) -> PathBuf {
    let name = file.file_name().unwrap().to_str().unwrap();
    file.with_file_name(name.replace(".sqlite", ".manifest.json"))
}

#[test]
fn backup_under_writes_verifies_corruption_fails_and_restore_serves_the_backed_up_history() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let backups = dir.path().join("backups");
    let backups_s = backups.to_str().unwrap();
    let mut server = start(&data);
    let first = ask(&server.addr, "who won the 2021 abu dhabi grand prix");
    let writer = Writer::start(&server.addr);
    writer.wait_for(5);

    // Plain: the last line is the file written.
    let out = ok(run(&data, &["backup", "--to", backups_s], &[]));
    let file = PathBuf::from(last_line(&out));
    assert!(file.is_file(), "{file:?}");
    assert!(manifest_of(&file).is_file());
    let out = ok(run(
        &data,
        &["backup", "verify", file.to_str().unwrap()],
        &[],
    ));
    assert!(stdout(&out).starts_with("ok: "), "{}", stdout(&out));
    // JSON (rotation then keeps only this one of today's two: one a day): the contract's fields.
    let out = ok(run(&data, &["backup", "--to", backups_s, "--json"], &[]));
    let json: serde_json::Value = serde_json::from_str(&last_line(&out)).unwrap();
    let json_file = PathBuf::from(json["file"].as_str().unwrap());
    assert!(json_file.is_file());
    assert_eq!(json["sha256"].as_str().unwrap().len(), 64);
    assert!(json["schema_version"].as_i64().unwrap() >= 12, "{json}");
    let backed_up = json["rows"]["history"].as_i64().unwrap();
    assert!(backed_up >= 6, "{json}");
    let during = writer.stop();
    assert!(during >= 5);

    ok(run(
        &data,
        &["backup", "verify", json_file.to_str().unwrap()],
        &[],
    ));
    ok(run(
        &data,
        &["backup", "verify", "--latest", "--dir", backups_s],
        &[],
    ));

    // One flipped byte in the middle: verify fails and names the sha256.
    let bad = dir.path().join("bad.sqlite");
    std::fs::copy(&json_file, &bad).unwrap();
    std::fs::copy(manifest_of(&json_file), manifest_of(&bad)).unwrap();
    flip_middle_byte(&bad);
    let out = run(&data, &["backup", "verify", bad.to_str().unwrap()], &[]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("sha256 mismatch"), "{}", stderr(&out));

    // A question after the backup: not in it.
    let after = ask(&server.addr, "who won monza 2019");
    let before_restore = history_ids(&server.addr);
    assert!(before_restore.len() as i64 > backed_up);

    // Refused while the server runs; nothing moved.
    let out = run(&data, &["restore", json_file.to_str().unwrap()], &[]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("server is running"),
        "{}",
        stderr(&out)
    );
    assert!(!aside_files(&data).iter().any(|n| n.ends_with(".sqlite")));

    assert!(terminate(&mut server).success());
    let out = ok(run(&data, &["restore", json_file.to_str().unwrap()], &[]));
    assert!(stderr(&out).contains("kept as"), "{}", stderr(&out));
    let aside = aside_files(&data);
    assert!(aside.iter().any(|n| n.ends_with(".sqlite")), "{aside:?}");
    // The old database is intact aside: its history includes the later question.
    let old = aside.iter().find(|n| n.ends_with(".sqlite")).unwrap();
    let conn = rusqlite::Connection::open(data.join(old)).unwrap();
    let old_rows: i64 = conn
        .query_row("SELECT count(*) FROM history", [], |r| r.get(0))
        .unwrap();
    assert_eq!(old_rows as usize, before_restore.len());

    let server = start(&data);
    let restored = history_ids(&server.addr);
    assert_eq!(restored.len() as i64, backed_up);
    let first_id = first["id"].as_str().unwrap().to_string();
    let after_id = after["id"].as_str().unwrap().to_string();
    assert!(restored.contains(&first_id));
    assert!(!restored.contains(&after_id));
    // Every restored entry was there before the restore, oldest ones included.
    assert!(restored.iter().all(|id| before_restore.contains(id)));
}

fn aside_files(data: &Path) -> Vec<String> {
    std::fs::read_dir(data)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".pre-restore-"))
        .collect()
}

fn insert_spend(db: &Path, request_id: &str, micros: i64) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    conn.execute(
        "INSERT INTO usage_ledger (request_id, principal, model, prompt_tokens, cached_tokens, \
         completion_tokens, cost_micros, at) VALUES (?1, 'ip:203.0.113.0/24', 'gpt-test', 10, 0, 5, ?2, ?3)",
        rusqlite::params![request_id, micros, at],
    )
    .unwrap();
}

fn daily_spent(addr: &str) -> i64 {
    let view: serde_json::Value = reqwest::blocking::get(format!("http://{addr}/v1/admin/budgets"))
        .unwrap()
        .json()
        .unwrap();
    let global = view["global"].as_array().unwrap();
    let day = global
        .iter()
        .find(|b| b["period"].as_str().is_some_and(|p| p.len() == 10))
        .unwrap_or_else(|| panic!("{view}"));
    day["spent"].as_i64().unwrap_or_else(|| panic!("{view}"))
}

#[test]
fn after_a_restore_budgets_are_rebuilt_from_the_restored_ledger() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let backups = dir.path().join("b");
    let mut server = start(&data);
    assert!(terminate(&mut server).success());
    let db = data.join("pitwall.sqlite");
    insert_spend(&db, "before-backup", 250_000);
    let out = ok(run(
        &data,
        &["backup", "--to", backups.to_str().unwrap()],
        &[],
    ));
    let file = last_line(&out);
    insert_spend(&db, "after-backup", 700_000);

    let mut server = start(&data);
    assert_eq!(daily_spent(&server.addr), 950_000);
    assert!(terminate(&mut server).success());

    ok(run(&data, &["restore", &file], &[]));
    let server = start(&data);
    assert_eq!(daily_spent(&server.addr), 250_000);
}

#[test]
fn rotation_keeps_exactly_the_configured_set() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let backups = dir.path().join("b");
    let b = backups.to_str().unwrap();
    // `ask` creates the app database (and imports the F1 data).
    ok(run(&data, &["ask", "who won monza 2019"], &[]));
    let real = PathBuf::from(last_line(&ok(run(&data, &["backup", "--to", b], &[]))));
    // Backups of other times: Monday 2099-11-30 is in ISO week 49.
    let names = [
        "20991130T060000Z",
        "20991130T180000Z", // newest of its day and its week
        "20991129T120000Z", // newest of Sunday 29th, and of week 48
        "20991128T120000Z",
        "20991122T120000Z", // newest of week 47
        "20991115T120000Z",
        "20991101T120000Z",
    ];
    for n in names {
        let f = backups.join(format!("pitwall-{n}.sqlite"));
        std::fs::copy(&real, &f).unwrap();
        std::fs::copy(manifest_of(&real), manifest_of(&f)).unwrap();
    }
    std::fs::remove_file(&real).unwrap();
    std::fs::remove_file(manifest_of(&real)).unwrap();
    let env = [
        ("PITWALL_BACKUP_KEEP_DAILY", "2"),
        ("PITWALL_BACKUP_KEEP_WEEKLY", "3"),
    ];
    // The new one is the oldest by name: kept only because it was just written.
    let new = PathBuf::from(last_line(&ok(run(&data, &["backup", "--to", b], &env))));
    let mut left: Vec<String> = std::fs::read_dir(&backups)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("pitwall-"))
        .collect();
    left.sort();
    let new_name = new.file_name().unwrap().to_str().unwrap().to_string();
    let mut expected: Vec<String> = ["20991122T120000Z", "20991129T120000Z", "20991130T180000Z"]
        .iter()
        .flat_map(|n| {
            [
                format!("pitwall-{n}.manifest.json"),
                format!("pitwall-{n}.sqlite"),
            ]
        })
        .chain([
            new_name.clone(),
            new_name.replace(".sqlite", ".manifest.json"),
        ])
        .collect();
    expected.sort();
    assert_eq!(left, expected);
}
