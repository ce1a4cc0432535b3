//! The deployment files (`Dockerfile`, its entrypoint, `railway.toml`,
//! `docker-compose.yml`) checked for the structure the deployment relies
//! on. No container tool can build the image on the CI machines (no image
//! registry is reachable, see docs/deploy.md), so this is what keeps the
//! files honest: the commands they start are run against the real binary,
//! the entrypoint script is run for real, and every `PITWALL_*` variable
//! they set must be documented in the README.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(path: &str) -> String {
    std::fs::read_to_string(repo().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The Dockerfile as (instruction, arguments) pairs: continuation lines
/// joined, comments and blank lines dropped.
fn dockerfile() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut pending = String::new();
    for line in read("Dockerfile").lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('#') || trimmed.is_empty() {
            continue;
        }
        match trimmed.strip_suffix('\\') {
            Some(head) => {
                pending.push_str(head);
                pending.push(' ');
            }
            None => {
                pending.push_str(trimmed);
                let (op, args) = pending.split_once(' ').unwrap_or((pending.as_str(), ""));
                out.push((op.to_uppercase(), args.trim().to_string()));
                pending.clear();
            }
        }
    }
    out
}

/// The instructions of the last stage (the image that runs).
fn final_stage(all: &[(String, String)]) -> Vec<(String, String)> {
    let start = all.iter().rposition(|(op, _)| op == "FROM").unwrap();
    all[start..].to_vec()
}

fn args_of<'a>(stage: &'a [(String, String)], op: &str) -> Vec<&'a str> {
    stage
        .iter()
        .filter(|(o, _)| o == op)
        .map(|(_, a)| a.as_str())
        .collect()
}

/// An `ENV` value of a stage (`K=V` form, as the Dockerfile writes them).
fn env_var(stage: &[(String, String)], name: &str) -> String {
    args_of(stage, "ENV")
        .iter()
        .flat_map(|a| a.split_whitespace())
        .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
        .unwrap_or_else(|| panic!("the image sets no {name}"))
        .to_string()
}

/// The standard output of a command that must have succeeded.
fn succeeded(out: std::process::Output, what: &str) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{what} failed: {stderr}");
    String::from_utf8(out.stdout).unwrap()
}

/// Runs `pitwall <args…> --help`: a subcommand that does not exist fails.
fn assert_real_subcommand(args: &[&str]) {
    assert_eq!(args.first(), Some(&"pitwall"), "{args:?}");
    let bin = env!("CARGO_BIN_EXE_pitwall");
    let out = Command::new(bin).args(&args[1..]).arg("--help").output();
    succeeded(out.unwrap(), &format!("`{} --help`", args.join(" ")));
}

/// The grace period the image gives in-flight requests.
fn image_grace_secs() -> u64 {
    let stage = final_stage(&dockerfile());
    env_var(&stage, "PITWALL_SHUTDOWN_GRACE_SECS")
        .parse()
        .unwrap()
}

#[test]
fn dockerfile_is_multi_stage_non_root_with_health_check_volume_and_sigterm() {
    let all = dockerfile();
    let froms = args_of(&all, "FROM");
    assert!(froms.len() >= 2, "multi-stage: {froms:?}");
    // The build stage uses the toolchain pinned for every other build.
    let pinned = read("rust-toolchain.toml")
        .lines()
        .find_map(|l| {
            l.strip_prefix("channel = ")
                .map(|v| v.trim_matches('"').to_string())
        })
        .unwrap();
    assert!(
        froms[0].starts_with(&format!("rust:{pinned}-")) && froms[0].ends_with(" AS build"),
        "{froms:?}"
    );
    let stage = final_stage(&all);
    let runtime = &stage[0].1;
    assert!(
        (runtime.starts_with("debian:") && runtime.contains("-slim"))
            || runtime.starts_with("gcr.io/distroless/"),
        "runtime image: {runtime}"
    );
    assert!(
        args_of(&stage, "COPY")
            .iter()
            .any(|a| a.starts_with("--from=build ")),
        "the binary comes from the build stage"
    );

    let users = args_of(&stage, "USER");
    let user = users.last().expect("a USER in the final stage");
    let name = user.split(':').next().unwrap();
    assert!(!["root", "0", ""].contains(&name), "USER {user}");

    let health = args_of(&stage, "HEALTHCHECK");
    assert_eq!(health.len(), 1);
    assert!(
        health[0].contains(" CMD ") && health[0].contains("/healthz"),
        "{health:?}"
    );

    let data_dir = env_var(&stage, "PITWALL_DATA_DIR");
    let volumes = args_of(&stage, "VOLUME");
    assert!(
        volumes
            .iter()
            .any(|v| v.contains(&format!("\"{data_dir}\""))),
        "VOLUME {volumes:?} holds PITWALL_DATA_DIR={data_dir}"
    );
    assert_eq!(args_of(&stage, "STOPSIGNAL"), ["SIGTERM"]);

    // One port everywhere: EXPOSE, the entrypoint's default, the check.
    let exposed = args_of(&stage, "EXPOSE");
    assert_eq!(exposed, ["8080"]);
    assert!(read("deploy/docker/entrypoint.sh").contains("${PORT:-8080}"));
    assert!(health[0].contains("${PORT:-8080}/healthz"));

    // The default command is a real subcommand, run through the entrypoint
    // the image installs from the repository.
    let entrypoint: Vec<String> = serde_json::from_str(args_of(&stage, "ENTRYPOINT")[0]).unwrap();
    let cmd: Vec<String> = serde_json::from_str(args_of(&stage, "CMD")[0]).unwrap();
    assert_eq!(cmd, ["pitwall", "serve"]);
    assert_real_subcommand(&cmd.iter().map(String::as_str).collect::<Vec<_>>());
    let installed = args_of(&stage, "COPY")
        .into_iter()
        .find(|a| a.ends_with(&format!(" {}", entrypoint[0])))
        .expect("the ENTRYPOINT is copied in");
    let source = installed.split_whitespace().next().unwrap();
    assert!(repo().join(source).is_file(), "{source}");

    // The baked-in dump is what PITWALL_F1_DATA names, and the build
    // context keeps it while leaving out build output and git.
    let f1 = env_var(&stage, "PITWALL_F1_DATA");
    assert!(args_of(&stage, "COPY")
        .iter()
        .any(|a| a.starts_with("f1data/ ") && a.ends_with(&format!(" {f1}/"))));
    let ignore = read(".dockerignore");
    let ignored: Vec<&str> = ignore.lines().map(str::trim).collect();
    for needed in [".git", "target/"] {
        assert!(ignored.contains(&needed), ".dockerignore lacks {needed}");
    }
    assert!(
        !ignored
            .iter()
            .any(|l| !l.starts_with('#') && l.contains("f1data")),
        ".dockerignore must keep f1data/"
    );
    assert!(image_grace_secs() < 30, "grace inside the platforms' 30 s");
}

#[test]
fn railway_gates_on_readyz_with_a_data_volume_and_restarts_on_failure() {
    let doc: toml::Table = read("railway.toml").parse().unwrap();
    let build = doc["build"].as_table().unwrap();
    assert_eq!(build["builder"].as_str(), Some("DOCKERFILE"));
    assert!(repo()
        .join(build["dockerfilePath"].as_str().unwrap())
        .is_file());

    let deploy = doc["deploy"].as_table().unwrap();
    assert_eq!(deploy["healthcheckPath"].as_str(), Some("/readyz"));
    assert!(deploy["healthcheckTimeout"].as_integer().unwrap() >= 30);
    assert_eq!(deploy["requiredMountPath"].as_str(), Some("/data"));
    assert!(dockerfile()
        .iter()
        .any(|(op, a)| op == "VOLUME" && a.contains("\"/data\"")));
    assert!(["ON_FAILURE", "ALWAYS"].contains(&deploy["restartPolicyType"].as_str().unwrap()));
    assert!(deploy["restartPolicyMaxRetries"].as_integer().unwrap() > 0);
    // SQLite on one volume: one writer.
    assert_eq!(deploy["numReplicas"].as_integer(), Some(1));
    let draining = deploy["drainingSeconds"].as_integer().unwrap();
    assert!(
        u64::try_from(draining).unwrap() > image_grace_secs(),
        "SIGKILL only after the grace period"
    );

    // The start command is the image's entrypoint running a real subcommand.
    let start: Vec<&str> = deploy["startCommand"]
        .as_str()
        .unwrap()
        .split_whitespace()
        .collect();
    assert_eq!(start[0], "/usr/local/bin/pitwall-entrypoint");
    assert_real_subcommand(&start[1..]);
}

/// `docker-compose.yml`'s services: name → its lines (line-based; the
/// workspace has no YAML parser and the file keeps to a plain layout).
fn compose_services() -> Vec<(String, Vec<String>)> {
    let text = read("docker-compose.yml");
    let mut services: Vec<(String, Vec<String>)> = Vec::new();
    let mut inside = false;
    for line in text.lines() {
        if !line.starts_with(' ') && !line.trim().is_empty() && !line.starts_with('#') {
            inside = line == "services:";
            continue;
        }
        if !inside || line.trim_start().starts_with('#') {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        if indent == 2 && line.trim_end().ends_with(':') {
            services.push((line.trim().trim_end_matches(':').to_string(), Vec::new()));
        } else if let Some((_, lines)) = services.last_mut() {
            lines.push(line.trim().to_string());
        }
    }
    services
}

fn service<'a>(services: &'a [(String, Vec<String>)], name: &str) -> &'a [String] {
    &services
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("compose has no service {name}"))
        .1
}

#[test]
fn compose_runs_pitwall_a_scheduled_backup_and_the_llm_standin() {
    let services = compose_services();
    let names: BTreeSet<&str> = services.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, BTreeSet::from(["backup", "llm-standin", "pitwall"]));
    let has = |name: &str, line: &str| service(&services, name).iter().any(|l| l == line);

    assert!(has("pitwall", "- pitwall-data:/data"));
    assert!(has("pitwall", "image: pitwall:local"));
    assert!(has("pitwall", "stop_signal: SIGTERM"));
    let grace = service(&services, "pitwall")
        .iter()
        .find_map(|l| l.strip_prefix("stop_grace_period: "))
        .and_then(|v| v.strip_suffix('s'))
        .unwrap();
    assert!(grace.parse::<u64>().unwrap() > image_grace_secs());
    // pitwall's LLM is the stand-in, on the port the stand-in's image serves.
    assert!(has(
        "pitwall",
        "PITWALL_LLM_BASE_URL: http://llm-standin:9000/v1"
    ));
    let standin = read("deploy/docker/llm-standin.Dockerfile");
    assert!(standin.contains(r#"CMD ["openai-standin", "--bind", "0.0.0.0:9000"]"#));
    assert!(has(
        "llm-standin",
        "dockerfile: deploy/docker/llm-standin.Dockerfile"
    ));
    // It stops on Ctrl-C only.
    assert!(has("llm-standin", "stop_signal: SIGINT"));

    // The backup runs the same image on the same volume, on a schedule.
    assert!(has("backup", "image: pitwall:local"));
    assert!(has("backup", "- pitwall-data:/data"));
    let backup = service(&services, "backup").join("\n");
    assert!(backup.contains("pitwall backup ") && backup.contains("sleep "));
    assert!(
        backup.contains("trap "),
        "PID 1 shell needs a trap to stop on SIGTERM"
    );
    // The commands the backup service runs exist in this build.
    for args in [
        &["backup", "--help"][..],
        &["backup", "verify", "--help"][..],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_pitwall"))
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "pitwall {args:?}: {out:?}");
    }
}

#[test]
fn every_pitwall_variable_the_files_set_is_documented() {
    let readme = read("README.md");
    let mut used = BTreeSet::new();
    for file in [
        "Dockerfile",
        "deploy/docker/entrypoint.sh",
        "deploy/docker/llm-standin.Dockerfile",
        "railway.toml",
        "docker-compose.yml",
    ] {
        let text = read(file);
        for (at, _) in text.match_indices("PITWALL_") {
            let name: String = text[at..]
                .chars()
                .take_while(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '_')
                .collect();
            used.insert(name.trim_end_matches('_').to_string());
        }
    }
    assert!(used.len() > 5, "{used:?}");
    for name in &used {
        if readme.contains(&format!("`{name}`")) {
            continue;
        }
        panic!("{name} is used by the deployment files but not documented in README.md");
    }
}

#[test]
fn entrypoint_binds_all_interfaces_on_port_and_never_runs_as_root() {
    let data = tempfile::tempdir().unwrap();
    let run = |env: &[(&str, &str)]| {
        let out = Command::new("sh")
            .arg(repo().join("deploy/docker/entrypoint.sh"))
            .args(["sh", "-c", r#"printf '%s %s' "$PITWALL_BIND" "$(id -u)""#])
            .env_remove("PITWALL_BIND")
            .env_remove("PORT")
            .env("PITWALL_DATA_DIR", data.path())
            .envs(env.iter().copied())
            .output();
        succeeded(out.unwrap(), "the entrypoint")
    };
    let me = String::from_utf8(Command::new("id").arg("-u").output().unwrap().stdout).unwrap();
    // Started as root (Railway's RAILWAY_RUN_UID=0), it runs the command as
    // uid 10001 and hands it the data directory; otherwise as itself.
    let runs_as = if me.trim() == "0" { "10001" } else { me.trim() };
    assert_eq!(run(&[]), format!("0.0.0.0:8080 {runs_as}"));
    assert_eq!(run(&[("PORT", "4321")]), format!("0.0.0.0:4321 {runs_as}"));
    assert_eq!(
        run(&[("PORT", "4321"), ("PITWALL_BIND", "127.0.0.1:9")]),
        format!("127.0.0.1:9 {runs_as}"),
        "an explicit PITWALL_BIND wins"
    );
    if me.trim() == "0" {
        let owner = Command::new("stat")
            .args(["-c", "%u"])
            .arg(data.path())
            .output()
            .unwrap();
        assert_eq!(String::from_utf8(owner.stdout).unwrap().trim(), "10001");
    }
}
