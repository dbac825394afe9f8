//! Text from pages and files, made safe to keep and to show.

/// First `max` characters of a page's text, without control characters and without the bidi
/// embedding, override and isolate marks a page could use to make a name read backwards (an
/// "exe.doc" that shows as "cod.exe"). Kept otherwise as it came: markup is escaped only where
/// it goes to the notification server (`markup_escaped`).
pub fn clean_text(s: &str, max: usize) -> String {
    s.chars().filter(|c| (!c.is_control() || *c == '\n') && !is_direction_mark(*c)).take(max).collect()
}

/// A bidi embedding, override or isolate mark: what a page could use to make text read backwards.
pub fn is_direction_mark(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Text for a notification server, which reads a subset of HTML in the body: a page must not put
/// links or remote images on the desktop.
pub fn markup_escaped(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// Letters, digits, '-' and '_' only, as account ids are: safe as a folder name or a word.
pub fn is_plain_name(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_text_is_bounded_kept_as_it_came_and_escaped_only_for_the_desktop() {
        let text = "<a href=\"x\">hi</a> & <img src=x>";
        assert_eq!(clean_text(text, 100), text, "the history shows what the page said");
        assert_eq!(markup_escaped(text), "&lt;a href=\"x\"&gt;hi&lt;/a&gt; &amp; &lt;img src=x&gt;");
        assert_eq!(clean_text("Привет\u{0}\u{7}!\nещё", 100), "Привет!\nещё");
        assert_eq!(clean_text(&"你".repeat(5000), 2000).chars().count(), 2000);
        assert_eq!(clean_text("invoice\u{202E}fdp.exe", 100), "invoicefdp.exe", "no right-to-left override");
        assert_eq!(clean_text("\u{2067}عربي\u{2069} ok", 100), "عربي ok");
    }

    #[test]
    fn plain_names_are_safe_as_folder_names() {
        assert!(is_plain_name("wa-1_B"));
        for bad in ["", "../etc", "a b", "ü", &"a".repeat(65)] {
            assert!(!is_plain_name(bad), "{bad:?}");
        }
    }
}
