//! The client's IP address: the socket peer, or — only when that peer is a
//! trusted reverse proxy (`PITWALL_TRUSTED_PROXIES`) — the address the
//! proxy reports in `Forwarded` (RFC 7239) or `X-Forwarded-For`.
//!
//! Anyone can send those headers, so believing them from any peer would let
//! a client pick its own anonymous identity (and limits) per request. Behind
//! a chain of proxies the headers are read right to left, skipping trusted
//! hops: the first untrusted address is the one a trusted proxy saw connect,
//! while addresses further left were written by the client and prove nothing.

use std::net::{IpAddr, SocketAddr};

use axum::http::HeaderMap;
use ipnet::IpNet;

/// The client address of a request from `peer` (`None`: not a socket
/// connection, e.g. an in-process test; counted as loopback).
pub fn client_ip(peer: Option<SocketAddr>, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let peer = peer.map_or(IpAddr::from([127, 0, 0, 1]), |p| p.ip());
    if !is_trusted(peer, trusted) {
        return peer;
    }
    let hops = forwarded_for(headers).or_else(|| x_forwarded_for(headers));
    let Some(hops) = hops else {
        return peer;
    };
    // Right to left: the rightmost entry was appended by the proxy we trust.
    let mut client = peer;
    for hop in hops.into_iter().rev() {
        match hop {
            Some(ip) => {
                client = ip;
                if !is_trusted(ip, trusted) {
                    return ip;
                }
            }
            // An unparsable or obfuscated hop ("unknown", "_hidden"): stop
            // at the last address a trusted hop vouched for.
            None => return client,
        }
    }
    client
}

fn is_trusted(ip: IpAddr, trusted: &[IpNet]) -> bool {
    let ip = match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    };
    trusted.iter().any(|net| net.contains(&ip))
}

/// The `for=` values of every `Forwarded` header, in order; `None` when
/// there is no such header.
fn forwarded_for(headers: &HeaderMap) -> Option<Vec<Option<IpAddr>>> {
    let mut hops = Vec::new();
    let mut seen = false;
    for value in headers.get_all("forwarded") {
        seen = true;
        let Ok(text) = value.to_str() else {
            hops.push(None);
            continue;
        };
        for element in text.split(',') {
            let target = element.split(';').find_map(|pair| {
                let (name, value) = pair.trim().split_once('=')?;
                name.trim()
                    .eq_ignore_ascii_case("for")
                    .then(|| value.trim().trim_matches('"'))
            });
            if let Some(target) = target {
                hops.push(parse_node(target));
            }
        }
    }
    seen.then_some(hops)
}

/// The entries of every `X-Forwarded-For` header, in order.
fn x_forwarded_for(headers: &HeaderMap) -> Option<Vec<Option<IpAddr>>> {
    let mut hops = Vec::new();
    let mut seen = false;
    for value in headers.get_all("x-forwarded-for") {
        seen = true;
        match value.to_str() {
            Ok(text) => hops.extend(text.split(',').map(|h| parse_node(h.trim()))),
            Err(_) => hops.push(None),
        }
    }
    seen.then_some(hops)
}

/// `203.0.113.7`, `203.0.113.7:1234`, `[2001:db8::1]`, `[2001:db8::1]:80`, `2001:db8::1`.
fn parse_node(node: &str) -> Option<IpAddr> {
    if let Ok(ip) = node.parse::<IpAddr>() {
        return Some(ip);
    }
    if let Ok(addr) = node.parse::<SocketAddr>() {
        return Some(addr.ip());
    }
    let inner = node.strip_prefix('[')?.strip_suffix(']')?;
    inner.parse().ok()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, v.parse().unwrap());
        }
        h
    }

    fn peer(ip: &str) -> Option<SocketAddr> {
        Some(SocketAddr::new(ip.parse().unwrap(), 4242))
    }

    #[test]
    fn headers_from_an_untrusted_peer_are_ignored() {
        let trusted: Vec<IpNet> = vec!["10.0.0.0/8".parse().unwrap()];
        let h = headers(&[("x-forwarded-for", "1.2.3.4"), ("forwarded", "for=5.6.7.8")]);
        assert_eq!(
            client_ip(peer("198.51.100.9"), &h, &trusted).to_string(),
            "198.51.100.9"
        );
        assert_eq!(
            client_ip(peer("198.51.100.9"), &h, &[]).to_string(),
            "198.51.100.9"
        );
    }

    #[test]
    fn a_trusted_chain_is_read_right_to_left() {
        let trusted: Vec<IpNet> = vec!["10.0.0.0/8".parse().unwrap()];
        // The client wrote 6.6.6.6 itself; 203.0.113.7 is who the edge proxy saw.
        let h = headers(&[("x-forwarded-for", "6.6.6.6, 203.0.113.7, 10.0.0.2")]);
        assert_eq!(
            client_ip(peer("10.0.0.1"), &h, &trusted).to_string(),
            "203.0.113.7"
        );
        let h = headers(&[(
            "forwarded",
            "for=6.6.6.6, for=\"[2001:db8::7]:443\";proto=https",
        )]);
        assert_eq!(
            client_ip(peer("10.0.0.1"), &h, &trusted).to_string(),
            "2001:db8::7"
        );
        // Forwarded wins over X-Forwarded-For; "unknown" stops the walk.
        let h = headers(&[("forwarded", "for=unknown"), ("x-forwarded-for", "1.1.1.1")]);
        assert_eq!(
            client_ip(peer("10.0.0.1"), &h, &trusted).to_string(),
            "10.0.0.1"
        );
        assert_eq!(
            client_ip(peer("10.0.0.1"), &HeaderMap::new(), &trusted).to_string(),
            "10.0.0.1"
        );
    }
}
