//! Unread counts as pages show them: a number in the title, the counters the catalog's DOM rule
//! finds, or the Web Badging API — and, for a page that shows none of these, its icon.

/// The unread count a page title carries: "(3) WhatsApp", "Telegram (5)", "Inbox (12) - Gmail",
/// "[4] Chat", "(99+) Max". `None` when the title has no count.
pub fn count_in_title(title: &str) -> Option<u32> {
    let bytes = title.as_bytes();
    for (open, close) in [(b'(', b')'), (b'[', b']')] {
        let mut at = 0;
        while let Some(start) = bytes[at..].iter().position(|b| *b == open).map(|p| p + at) {
            let rest = &title[start + 1..];
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            let after = rest[digits.len()..].trim_start_matches('+');
            if !digits.is_empty() && after.as_bytes().first() == Some(&close) {
                return digits.parse::<u32>().ok().map(|n| n.min(MAX_COUNT));
            }
            at = start + 1;
        }
    }
    None
}

/// Counts above this are shown as this; a page can't make us hold anything bigger.
pub const MAX_COUNT: u32 = 9_999;

/// What one account's page has told us about its unread messages.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Unread {
    pub title: Option<u32>,
    pub dom: Option<u32>,
    pub badge: Option<u32>,
    /// The page's icon says it has unread messages (a badge drawn into it, or its unread
    /// variant) though no number says how many.
    pub favicon: bool,
}

impl Unread {
    /// The count to show: the badge the page set on purpose wins; then the chat list's counters,
    /// which know muted chats apart; then the title's number.
    pub fn count(&self) -> u32 {
        self.badge.or(self.dom).or(self.title).unwrap_or(0).min(MAX_COUNT)
    }

    /// Something is unread but no number says how much: a dot, not a count. The icon is the
    /// last word only: a page whose chat list or Badging API speaks is taken at its word.
    pub fn marked(&self) -> bool {
        self.favicon && self.badge.is_none() && self.dom.is_none() && self.count() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_of_real_messengers() {
        assert_eq!(count_in_title("(3) WhatsApp"), Some(3));
        assert_eq!(count_in_title("Telegram (5)"), Some(5));
        assert_eq!(count_in_title("Inbox (12) - someone@gmail.com - Gmail"), Some(12));
        assert_eq!(count_in_title("[4] Slack | general"), Some(4));
        assert_eq!(count_in_title("Element [3] | General "), Some(3));
        assert_eq!(count_in_title("(99+) Max"), Some(99));
        assert_eq!(count_in_title("微信 (7)"), Some(7));
        assert_eq!(count_in_title("Сообщения (2)"), Some(2));
    }

    #[test]
    fn titles_without_a_count() {
        assert_eq!(count_in_title("WhatsApp"), None);
        assert_eq!(count_in_title("Meeting (notes)"), None);
        assert_eq!(count_in_title("(a) (b) [c]"), None);
        assert_eq!(count_in_title("("), None);
        assert_eq!(count_in_title("(123456789012345678901234567890)"), None);
    }

    #[test]
    fn huge_counts_are_capped_and_badges_win() {
        assert_eq!(count_in_title("(4000000000) x"), Some(MAX_COUNT));
        let u = Unread { title: Some(3), dom: Some(2), badge: Some(1), favicon: false };
        assert_eq!(u.count(), 1);
        assert_eq!(Unread { title: Some(3), dom: Some(0), badge: None, favicon: false }.count(), 0, "muted chats only");
        assert_eq!(Unread { title: Some(3), ..Unread::default() }.count(), 3);
        assert_eq!(Unread { dom: Some(40_000), ..Unread::default() }.count(), MAX_COUNT);
        assert_eq!(Unread::default().count(), 0);
        // "[1] Element": one room; its list's counters say 3 messages.
        assert_eq!(Unread { title: count_in_title("[1] Element"), dom: Some(3), ..Unread::default() }.count(), 3);
        let icon_only = Unread { favicon: true, ..Unread::default() };
        assert!(icon_only.marked() && icon_only.count() == 0, "the icon alone: a dot");
        assert!(!Unread { title: Some(2), favicon: true, ..Unread::default() }.marked(), "a number says more");
        assert!(!Unread { badge: Some(0), favicon: true, ..Unread::default() }.marked(), "the page says all is read");
        assert!(!Unread { dom: Some(0), favicon: true, ..Unread::default() }.marked(), "its chat list says all is read");
    }
}
