//! `pitwall report` on a real server's database: the roll-ups of a
//! `serve` stopped with SIGTERM are flushed on the way out, so a report run
//! right after includes its last minute, in every format.

#![allow(clippy::unwrap_used, clippy::expect_used)]
#![allow(clippy::disallowed_methods, clippy::zombie_processes)]

mod serve_support;

use serve_support::{pitwall, start, terminate};

fn report(data: &std::path::Path, args: &[&str]) -> String {
    let out = pitwall(data).arg("report").args(args).output().unwrap();
    assert!(
        out.status.success(),
        "report {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_report_right_after_sigterm_includes_the_last_minute() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut server = start(&data);
    let client = reqwest::blocking::Client::new();
    let url = |path: &str| format!("http://{}{path}", server.addr);
    for question in [
        "who won spa in 98",
        "who won spa in 98",
        "who won the zorblax cup in 2019",
    ] {
        let res = client
            .post(url("/v1/ask"))
            .json(&serde_json::json!({ "question": question }))
            .send()
            .unwrap();
        assert_eq!(res.status(), 200);
    }
    assert_eq!(
        client.get(url("/no/such/page")).send().unwrap().status(),
        404
    );
    let refused = client
        .get(url("/v1/history"))
        .bearer_auth("pw_not_a_real_key")
        .send()
        .unwrap();
    assert_eq!(refused.status(), 401);
    assert!(terminate(&mut server).success());

    let json: serde_json::Value =
        serde_json::from_str(&report(&data, &["daily", "--format", "json"])).unwrap();
    assert_eq!(json["usage"]["answers"], 3, "{json:#}");
    assert_eq!(json["usage"]["unique_principals"], 1);
    let routes = json["usage"]["by_route"].as_array().unwrap();
    let asks = routes
        .iter()
        .find(|r| r["label"] == "POST /v1/ask")
        .unwrap();
    assert_eq!(asks["count"], 3);
    let errors: Vec<(&str, u64)> = json["errors"]["by_class_and_route"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["label"].as_str().unwrap(), e["count"].as_u64().unwrap()))
        .collect();
    assert!(errors.contains(&("4xx GET unmatched", 1)), "{errors:?}");
    assert!(errors.contains(&("4xx GET /v1/history", 1)), "{errors:?}");
    assert!(json["performance"]["by_route"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["label"] == "POST /v1/ask"));
    assert!(json.get("declined").is_none(), "weekly only");

    let weekly: serde_json::Value =
        serde_json::from_str(&report(&data, &["weekly", "--format", "json"])).unwrap();
    let declined = weekly["declined"].as_array().unwrap();
    assert!(
        declined
            .iter()
            .any(|d| d["question"].as_str().unwrap().contains("zorblax")),
        "{declined:?}"
    );
    let failures = weekly["security"]["auth_failures"].as_array().unwrap();
    assert!(failures.iter().any(|f| f["count"] == 1), "{failures:?}");
    assert!(weekly["resources"]["peak_rss_bytes"].as_f64().unwrap() > 0.0);

    let text = report(&data, &["daily"]);
    assert!(
        text.contains("ERRORS") && text.contains("3 answers"),
        "{text}"
    );
    let file = dir.path().join("weekly.html");
    report(
        &data,
        &[
            "weekly",
            "--format",
            "html",
            "--output",
            file.to_str().unwrap(),
        ],
    );
    let html = std::fs::read_to_string(&file).unwrap();
    assert!(html.starts_with("<!doctype html>") && html.contains("<svg"));
    assert!(!html.contains("<script"));

    // A period that ended before the server ran is empty, not an error.
    let before: serde_json::Value = serde_json::from_str(&report(
        &data,
        &["daily", "--format", "json", "--until", "2020-01-01"],
    ))
    .unwrap();
    assert_eq!(before["usage"]["answers"], 0);
    let bad = pitwall(&data)
        .args(["report", "daily", "--until", "soon"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--until"));
}
