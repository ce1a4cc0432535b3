//! The open-file limit and the connection cap derived from it.
//!
//! Every client connection is a file descriptor. The cap keeps connections
//! below the limit with room left for what the server itself must open
//! (database files, WAL, upstream calls, webhook posts), so a crowd of
//! clients can never make the app database or the LLM unreachable.

use rlimit::Resource;

/// Descriptors kept back for the server's own files and outgoing calls
/// (app and F1 database connections with their WAL files, the listener,
/// LLM and webhook sockets, SQLite temp files), plus the connections being
/// refused with 503 (`MAX_PENDING_REFUSALS`), which hold one each briefly.
const RESERVED_FDS: u64 = 128 + super::MAX_PENDING_REFUSALS as u64;

/// The largest automatic cap: far above what two cores can serve usefully,
/// and each idle connection still costs a task and buffers.
const MAX_AUTO_CONNECTIONS: u64 = 16_384;

/// The smallest automatic cap, for very low limits.
const MIN_AUTO_CONNECTIONS: u64 = 16;

/// Raises the soft open-file limit to the hard limit, where the OS allows
/// it, and returns the soft limit now in force (`None` if it cannot be read).
pub fn raise_open_file_limit() -> Option<u64> {
    match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(limit) => Some(limit),
        Err(error) => {
            tracing::warn!(%error, "could not raise the open-file limit");
            soft_open_file_limit()
        }
    }
}

/// The soft open-file limit in force.
pub fn soft_open_file_limit() -> Option<u64> {
    rlimit::getrlimit(Resource::NOFILE)
        .ok()
        .map(|(soft, _)| soft)
}

/// The connection cap: the configured one, else derived from the soft
/// open-file limit. A configured cap above the limit's room is kept (the
/// operator may know better) but warned about: `accept` can then fail with
/// `EMFILE`, which the accept loop survives.
pub fn connection_cap(configured: Option<usize>) -> usize {
    let limit = soft_open_file_limit();
    let room = limit.map(|l| l.saturating_sub(RESERVED_FDS));
    match configured {
        Some(n) => {
            if room.is_some_and(|room| (n as u64) > room) {
                tracing::warn!(
                    max_connections = n,
                    open_file_limit = limit,
                    "PITWALL_MAX_CONNECTIONS exceeds the open-file limit's room; accept may fail with EMFILE"
                );
            }
            n
        }
        None => {
            let auto = room
                .unwrap_or(1024)
                .clamp(MIN_AUTO_CONNECTIONS, MAX_AUTO_CONNECTIONS);
            usize::try_from(auto).unwrap_or(usize::MAX)
        }
    }
}
