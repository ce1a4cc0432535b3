//! Resident memory of this process, from `/proc/self/status` (Linux).

use std::fs;

/// Current and peak resident set size, in KiB.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rss {
    /// `VmRSS`: resident now.
    pub current_kib: u64,
    /// `VmHWM`: the peak since start or since the last [`reset_peak`].
    pub peak_kib: u64,
}

/// Reads the process's RSS; zeros where `/proc` is not available.
pub fn read() -> Rss {
    fs::read_to_string("/proc/self/status")
        .map(|status| parse_status(&status))
        .unwrap_or_default()
}

/// Resets `VmHWM` to the current RSS, so each phase reports its own peak. Returns false when the
/// kernel refused (the peaks are then cumulative, and the report says so).
pub fn reset_peak() -> bool {
    // "5" in clear_refs resets the peak RSS (Linux 4.0+, documented in proc(5)).
    fs::write("/proc/self/clear_refs", "5").is_ok()
}

fn parse_status(status: &str) -> Rss {
    let field = |name: &str| -> u64 {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    };
    Rss {
        current_kib: field("VmRSS:"),
        peak_kib: field("VmHWM:"),
    }
}

/// KiB as MiB with one decimal.
pub fn mib(kib: u64) -> String {
    format!("{:.1}", kib as f64 / 1024.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_status_fields() {
        let status = "Name:\tx\nVmHWM:\t   20480 kB\nVmRSS:\t   10240 kB\n";
        assert_eq!(
            parse_status(status),
            Rss {
                current_kib: 10240,
                peak_kib: 20480
            }
        );
        assert_eq!(mib(1536), "1.5");
    }

    #[test]
    fn this_process_has_a_resident_set_and_a_resettable_peak() {
        let before = read();
        assert!(before.current_kib > 0);
        assert!(before.peak_kib >= before.current_kib);
        // Grow, then check the peak follows and a reset brings it back near the current RSS.
        let block = std::hint::black_box(vec![1u8; 64 * 1024 * 1024]);
        let grown = read();
        assert!(
            grown.peak_kib >= before.current_kib + 60 * 1024,
            "{grown:?}"
        );
        drop(block);
        if reset_peak() {
            let after = read();
            assert!(after.peak_kib < grown.peak_kib, "{after:?} vs {grown:?}");
        }
    }
}
