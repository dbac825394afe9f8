//! What a custom service's own page says it is — its name and its icon — checked before it is
//! shown or kept: a page is hostile input like any other.

use crate::contacts::clean_line;
use crate::text::is_direction_mark;
use serde::{Deserialize, Serialize};

/// The longest icon kept, as a data: address (a favicon is a few KB; 64 KB of image, encoded).
pub const MAX_ICON_CHARS: usize = 90 * 1024;
/// The longest site name shown under an account's label.
pub const MAX_NAME_CHARS: usize = 60;

/// Image types an icon may have: what sites serve as favicons.
const ICON_TYPES: [&str; 7] = ["png", "x-icon", "vnd.microsoft.icon", "svg+xml", "jpeg", "gif", "webp"];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Site {
    /// The site's name, as its manifest or title gives it; empty when it gave none.
    pub name: String,
    /// Its icon as a data: address of an image.
    pub icon: Option<String>,
}

impl Site {
    /// What a page sent, made safe to show: a name without counts or controls, and an icon that
    /// is an image of a known type, small enough, base64-encoded — else none.
    pub fn checked(name: &str, icon: Option<&str>) -> Site {
        Site { name: site_name(name), icon: icon.filter(|i| is_icon(i)).map(str::to_string) }
    }
}

fn is_icon(icon: &str) -> bool {
    let Some(rest) = icon.strip_prefix("data:image/") else { return false };
    let Some((kind, data)) = rest.split_once(";base64,") else { return false };
    icon.len() <= MAX_ICON_CHARS
        && ICON_TYPES.contains(&kind)
        && !data.is_empty()
        && data.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
}

/// "(3) Team Chat | Element" → "Team Chat | Element": a title's unread count is no part of a name.
fn site_name(raw: &str) -> String {
    // One line, no controls, no direction overrides (a name must not turn the sidebar around).
    let raw: String = raw.chars().filter(|c| !is_direction_mark(*c)).collect();
    let name = clean_line(&raw, 200);
    let name = match name.strip_prefix('(').and_then(|rest| rest.split_once(')')) {
        Some((count, rest)) if count.trim_end_matches('+').chars().all(|c| c.is_ascii_digit()) => rest.trim().to_string(),
        _ => name,
    };
    name.chars().take(MAX_NAME_CHARS).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sites_name_and_icon_are_kept_only_as_safe_text_and_an_image() {
        let png = "data:image/png;base64,iVBORw0KGgo=";
        assert_eq!(Site::checked("(3) Element", Some(png)), Site { name: "Element".into(), icon: Some(png.into()) });
        assert_eq!(Site::checked("Team\u{0}chat", None).name, "Team chat");
        for bad in [
            "data:text/html;base64,PHNjcmlwdD4=",
            "javascript:alert(1)",
            "data:image/png,<svg onload=alert(1)>",
            "data:image/png;base64,abc\"><script>",
            "https://example.com/favicon.ico",
        ] {
            assert_eq!(Site::checked("x", Some(bad)).icon, None, "{bad}");
        }
        let huge = format!("data:image/png;base64,{}", "A".repeat(MAX_ICON_CHARS));
        assert_eq!(Site::checked("x", Some(&huge)).icon, None);
        assert_eq!(Site::checked(&"я".repeat(100), None).name.chars().count(), MAX_NAME_CHARS);
    }
}
