//! The stand-in speaks the API's wire format and enforces its limits.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests panic on failure by design

use std::path::PathBuf;
use std::time::Duration;

use pitwall_jolpica_standin::{spawn, Fault, FaultKind, Limits, StandinConfig, THROTTLED_BODY};
use serde_json::Value;

fn shared_data() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/f1data")
}

async fn get(client: &reqwest::Client, url: &str) -> (u16, String) {
    let resp = client.get(url).send().await.unwrap();
    let status = resp.status().as_u16();
    (status, resp.text().await.unwrap())
}

#[tokio::test]
async fn replays_rounds_with_paging_in_both_url_forms() {
    let mut config = StandinConfig::over_shared_data(&shared_data());
    config.limits = Limits {
        per_second: 100,
        per_hour: 1000,
    };
    let standin = spawn(config).await.unwrap();
    let client = reqwest::Client::new();
    let base = standin.base_url();

    let (status, text) = get(&client, &format!("{base}/2026/1/results/")).await;
    assert_eq!(status, 200);
    let body: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(body["MRData"]["total"], "22");
    assert_eq!(body["MRData"]["limit"], "30");
    let first = &body["MRData"]["RaceTable"]["Races"][0]["Results"][0];
    assert_eq!(first["Driver"]["driverId"], "russell");

    let (_, text) = get(
        &client,
        &format!("{base}/2026/1/results.json?limit=10&offset=20"),
    )
    .await;
    let body: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(body["MRData"]["offset"], "20");
    let rows = body["MRData"]["RaceTable"]["Races"][0]["Results"]
        .as_array()
        .unwrap();
    assert_eq!(rows.len(), 2);

    // A round not run yet: an empty table, total 0.
    let (status, text) = get(&client, &format!("{base}/2026/12/results/")).await;
    assert_eq!(status, 200);
    let body: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(body["MRData"]["total"], "0");
    assert!(body["MRData"]["RaceTable"]["Races"]
        .as_array()
        .unwrap()
        .is_empty());

    // A real fixture, verbatim.
    let (status, text) = get(&client, &format!("{base}/2023/9/results.json")).await;
    assert_eq!(status, 200);
    assert!(text.contains("testserver"), "fixture not served verbatim");
}

#[tokio::test]
async fn throttles_the_fifth_request_in_a_second_with_the_real_body() {
    let standin = spawn(StandinConfig::over_shared_data(&shared_data()))
        .await
        .unwrap();
    let client = reqwest::Client::new();
    let url = format!("{}/2026/races/", standin.base_url());
    let mut statuses = Vec::new();
    for _ in 0..5 {
        statuses.push(get(&client, &url).await);
    }
    assert!(statuses[..4].iter().all(|(s, _)| *s == 200));
    assert_eq!(statuses[4], (429, THROTTLED_BODY.to_string()));
    let stats = standin.stats();
    assert_eq!(
        (stats.requests, stats.throttled, stats.max_per_second),
        (5, 1, 5)
    );
    tokio::time::sleep(Duration::from_millis(1050)).await;
    assert_eq!(get(&client, &url).await.0, 200);
}

#[tokio::test]
async fn faults_and_conditional_requests() {
    let mut config = StandinConfig::over_shared_data(&shared_data());
    config.limits = Limits {
        per_second: 100,
        per_hour: 1000,
    };
    let standin = spawn(config).await.unwrap();
    let client = reqwest::Client::new();
    let url = format!("{}/2026/2/results/", standin.base_url());

    standin.inject(Fault::times("2026/2/results", FaultKind::Status(503), 1));
    assert_eq!(get(&client, &url).await.0, 503);
    standin.inject(Fault::times("2026/2/results", FaultKind::Truncate, 1));
    let (_, text) = get(&client, &url).await;
    assert!(serde_json::from_str::<Value>(&text).is_err());
    let rename = FaultKind::RenameField {
        from: "driverId".into(),
        to: "driverRef".into(),
    };
    standin.inject(Fault::times("2026/2/results", rename, 1));
    assert!(get(&client, &url).await.1.contains("driverRef"));
    standin.inject(Fault::times("2026/2/results", FaultKind::PreviousRound, 1));
    let (_, text) = get(&client, &url).await;
    let body: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(body["MRData"]["RaceTable"]["round"], "1");
    standin.inject(Fault::times("2026/2/results", FaultKind::DuplicateRows, 1));
    let (_, text) = get(&client, &url).await;
    let body: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        body["MRData"]["RaceTable"]["Races"][0]["Results"]
            .as_array()
            .unwrap()
            .len(),
        44
    );
    standin.inject(Fault::times("2026/2/results", FaultKind::Empty, 1));
    let (_, text) = get(&client, &url).await;
    assert!(text.contains(r#""Races":[]"#));

    // Conditional request: the validator of the last body gives a 304.
    let resp = client.get(&url).send().await.unwrap();
    let tag = resp.headers()["etag"].to_str().unwrap().to_string();
    let resp = client
        .get(&url)
        .header("if-none-match", &tag)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 304);
    assert_eq!(standin.stats().not_modified, 1);
}
