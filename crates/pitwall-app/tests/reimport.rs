//! A re-import while serving: the question right after the swap is answered
//! at once by the loaded engine from the data it was built from (kept open),
//! while the new engine loads in the background; then the new data answers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::{ask, f1_db, wait_until};
use pitwall_app::App;
use pitwall_config::{Config, Env};
use pitwall_store::{AppStore, SqliteStore};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_loaded_engine_answers_until_the_new_one_is_ready() {
    let dir = tempfile::tempdir().unwrap();
    let f1 = dir.path().join("f1.sqlite");
    std::fs::copy(f1_db(), &f1).unwrap();
    let vars = vec![(
        "PITWALL_DATA_DIR".to_string(),
        dir.path().to_str().unwrap().to_string(),
    )];
    let config = Config::load(&Env::from_pairs(vars)).unwrap();
    let store: Arc<dyn AppStore> = Arc::new(
        SqliteStore::open(&dir.path().join("pitwall.sqlite"))
            .await
            .unwrap(),
    );
    let app = App::with_parts(config, &f1, store).await.unwrap();

    let question = "How many races did Lewis Hamilton win?";
    let before = ask(&app, question).await;
    assert_eq!(before.source, "local");
    assert!(before.answer.contains("105"), "{}", before.answer);

    // Re-import a three-race dump over the file the app serves.
    let tiny = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../pitwall-f1data/tests/fixtures/tiny");
    pitwall_f1data::import_dir(&tiny, &f1, &Default::default()).unwrap();

    let right_after = ask(&app, question).await;
    assert_eq!(
        right_after.answer, before.answer,
        "answered from the data the engine was loaded from"
    );
    let new_data = wait_until(Duration::from_secs(20), || {
        let (app, old) = (Arc::clone(&app), before.answer.clone());
        async move { ask(&app, question).await.answer != old }
    })
    .await;
    assert!(new_data, "the new engine never took over");
}
