//! CPU time used by a process, from `/proc/<pid>/stat` (Linux), to tell "slow because busy"
//! from "slow because waiting".

use std::time::Duration;

/// Linux reports `utime`/`stime` in clock ticks of `USER_HZ`, which is 100 on every mainstream
/// architecture (it is fixed in the kernel ABI, unlike `HZ`).
const USER_HZ: u64 = 100;

/// User plus system CPU time of a process (all its threads); `None` without `/proc`.
pub fn process_time(pid: Option<u32>) -> Option<Duration> {
    let path = match pid {
        Some(pid) => format!("/proc/{pid}/stat"),
        None => "/proc/self/stat".to_string(),
    };
    parse_stat(&std::fs::read_to_string(path).ok()?)
}

fn parse_stat(stat: &str) -> Option<Duration> {
    // The command name (field 2) may contain spaces and parentheses: fields are counted from
    // the last ')'. utime and stime are fields 14 and 15, i.e. the 12th and 13th after it.
    let after_name = &stat[stat.rfind(')')? + 1..];
    let mut fields = after_name.split_whitespace().skip(11);
    let utime: u64 = fields.next()?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    Some(Duration::from_millis((utime + stime) * 1000 / USER_HZ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_utime_and_stime_past_an_awkward_name() {
        let stat = "42 (a) b (c) S 1 42 42 0 -1 4194560 100 0 0 0 250 75 0 0 20 0 3 0";
        assert_eq!(parse_stat(stat), Some(Duration::from_millis(3250)));
        assert_eq!(parse_stat("garbage"), None);
    }

    #[test]
    fn this_process_accumulates_cpu_time() {
        // Spin until the reading has grown by 100 ms of CPU. Bounded by wall
        // time, not by a fixed spin: on a loaded machine 300 ms of wall clock
        // may buy only half that much CPU.
        let before = process_time(None).unwrap_or_default();
        let started = std::time::Instant::now();
        let mut x: u64 = 0;
        let mut after = before;
        while after < before + Duration::from_millis(100)
            && started.elapsed() < Duration::from_secs(20)
        {
            for _ in 0..100_000 {
                x = std::hint::black_box(x.wrapping_mul(6364136223846793005).wrapping_add(1));
            }
            after = process_time(None).unwrap_or_default();
        }
        assert!(
            after >= before + Duration::from_millis(100),
            "{before:?} → {after:?}"
        );
    }
}
