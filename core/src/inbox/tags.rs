//! A page's notification tag replaces the account's earlier notification with the same tag.
//! Where the OS answers a shown notification with an id (Linux), the ids of recent tags are kept
//! here to name the one to replace.

use std::collections::VecDeque;

/// The OS notification ids of recent tags, per account: the most recent `TAGS` are kept.
#[derive(Default)]
pub struct Tags(VecDeque<((String, String), u32)>);

pub const TAGS: usize = 200;

impl Tags {
    pub fn get(&self, tag: &(String, String)) -> Option<u32> {
        self.0.iter().find(|(t, _)| t == tag).map(|(_, id)| *id)
    }

    pub fn put(&mut self, tag: (String, String), id: u32) {
        self.0.retain(|(t, _)| *t != tag);
        self.0.push_back((tag, id));
        if self.0.len() > TAGS {
            self.0.pop_front();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_per_account_and_bounded() {
        let mut tags = Tags::default();
        let key = |a: &str, t: &str| (a.to_string(), t.to_string());
        tags.put(key("a", "chat"), 7);
        assert_eq!(tags.get(&key("a", "chat")), Some(7));
        assert_eq!(tags.get(&key("b", "chat")), None, "another account's tag is its own");
        tags.put(key("a", "chat"), 9);
        assert_eq!(tags.get(&key("a", "chat")), Some(9));
        for i in 0..TAGS {
            tags.put(key("a", &i.to_string()), i as u32);
        }
        assert_eq!(tags.get(&key("a", "chat")), None, "the oldest is forgotten");
        assert_eq!(tags.0.len(), TAGS);
    }
}
