//! Names derived from an account id that must stay the same across runs and versions (so no
//! `std` hasher, whose output may change): the key of its own data store on macOS, the tag of
//! its notifications on Windows.

/// FNV-1a, 64 bits.
pub fn stable_hash(text: &str, seed: u64) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325 ^ seed, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3))
}

/// The 16-byte identifier of an account's own cookie and storage store (WebKit's
/// `WKWebsiteDataStore(forIdentifier:)`): one per account, the same on every start.
pub fn store_identifier(account_id: &str) -> [u8; 16] {
    let mut id = [0u8; 16];
    id[..8].copy_from_slice(&stable_hash(account_id, 0).to_be_bytes());
    id[8..].copy_from_slice(&stable_hash(account_id, 0x5157_4954_4348).to_be_bytes());
    id
}

/// A page's tag (up to 100 characters) as a short stable key: Windows keeps at most 64.
pub fn short_tag(tag: &str) -> String {
    format!("{:016x}", stable_hash(tag, 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_account_has_its_own_store_and_keeps_it() {
        // Fixed values: a change here would sign every macOS user out of every account.
        assert_eq!(stable_hash("", 0), 0xcbf2_9ce4_8422_2325);
        assert_eq!(stable_hash("a", 0), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(store_identifier("wa-1"), store_identifier("wa-1"));
        let ids: std::collections::HashSet<_> = (0..10_000).map(|n| store_identifier(&format!("acct{n}"))).collect();
        assert_eq!(ids.len(), 10_000, "no two accounts share a store");
        assert_eq!(short_tag(&"x".repeat(100)).len(), 16);
        assert_ne!(short_tag("chat-1"), short_tag("chat-2"));
    }
}
