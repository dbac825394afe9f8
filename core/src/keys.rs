//! The window's keyboard shortcuts, caught before any page sees the key.

#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub enum Shortcut {
    /// Show the n-th (0-based) enabled account.
    Show(usize),
    Next,
    Previous,
    ReloadActive,
    Settings,
    Lock,
    /// The search palette over every contact and account.
    Palette,
    /// The Unread list: every unread chat of every account.
    Unread,
    /// Opens the next unread chat, whichever account it is in.
    NextUnread,
    /// The saved replies, to insert one into the page on screen.
    Replies,
    /// Translates what is selected in the page on screen.
    Translate,
    Quit,
}

/// `key` is the key's name as the toolkit gives it ("1", "Tab", "ISO_Left_Tab", "r").
pub fn shortcut(key: &str, ctrl: bool, shift: bool) -> Option<Shortcut> {
    if !ctrl {
        return None;
    }
    match key {
        "Tab" if shift => Some(Shortcut::Previous),
        "ISO_Left_Tab" => Some(Shortcut::Previous),
        "Tab" => Some(Shortcut::Next),
        "R" | "r" if shift => Some(Shortcut::ReloadActive),
        "L" | "l" if shift => Some(Shortcut::Lock),
        "U" | "u" if shift => Some(Shortcut::Unread),
        "J" | "j" if shift => Some(Shortcut::NextUnread),
        "S" | "s" if shift => Some(Shortcut::Replies),
        "T" | "t" if shift => Some(Shortcut::Translate),
        // Caps Lock gives the capital without Shift.
        "q" | "Q" if !shift => Some(Shortcut::Quit),
        "k" | "K" if !shift => Some(Shortcut::Palette),
        "comma" if !shift => Some(Shortcut::Settings),
        digit if !shift && digit.len() == 1 => match digit.as_bytes()[0] {
            b @ b'1'..=b'9' => Some(Shortcut::Show((b - b'1') as usize)),
            _ => None,
        },
        _ => None,
    }
}

/// The account index a shortcut leads to, among `count` accounts with `current` shown.
pub fn target(shortcut: Shortcut, current: Option<usize>, count: usize) -> Option<usize> {
    if count == 0 {
        return None;
    }
    match shortcut {
        Shortcut::Show(n) => (n < count).then_some(n),
        Shortcut::Next => Some(current.map_or(0, |c| (c + 1) % count)),
        Shortcut::Previous => Some(current.map_or(count - 1, |c| (c + count - 1) % count)),
        Shortcut::ReloadActive => current,
        Shortcut::Settings | Shortcut::Lock | Shortcut::Palette | Shortcut::Unread | Shortcut::NextUnread | Shortcut::Replies | Shortcut::Translate | Shortcut::Quit => None,
    }
}

/// A global shortcut as written in settings ("CommandOrControl+Shift+Space") in the form the
/// desktop's GlobalShortcuts portal takes as its preferred trigger (the XDG shortcuts
/// specification: "CTRL+SHIFT+space"); `None` when it has no key or a modifier the
/// specification lacks.
pub fn as_xdg_trigger(text: &str) -> Option<String> {
    let mut parts: Vec<String> = vec![];
    let mut key = None;
    for word in text.split('+').map(str::trim).filter(|w| !w.is_empty()) {
        let modifier = match word.to_ascii_lowercase().as_str() {
            "commandorcontrol" | "cmdorctrl" | "commandorctrl" | "cmdorcontrol" | "control" | "ctrl" => "CTRL",
            "shift" => "SHIFT",
            "alt" | "option" => "ALT",
            "super" | "meta" | "cmd" | "command" => "LOGO",
            _ => {
                if key.replace(word).is_some() {
                    return None; // two keys
                }
                continue;
            }
        };
        parts.push(modifier.into());
    }
    let key = key?;
    // Letters and named keys as xkb names them: "a", "space", "Return", "F5".
    let key = match key.to_ascii_lowercase().as_str() {
        "space" => "space".to_string(),
        "enter" | "return" => "Return".into(),
        "tab" => "Tab".into(),
        "escape" | "esc" => "Escape".into(),
        k if k.len() == 1 => k.into(),
        k if k.starts_with('f') && k[1..].parse::<u8>().is_ok() => k.to_ascii_uppercase(),
        _ => key.to_string(),
    };
    parts.push(key);
    Some(parts.join("+"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ctrl_digits_tab_and_reload() {
        assert_eq!(shortcut("2", true, false), Some(Shortcut::Show(1)));
        assert_eq!(shortcut("9", true, false), Some(Shortcut::Show(8)));
        assert_eq!(shortcut("0", true, false), None);
        assert_eq!(shortcut("2", false, false), None);
        assert_eq!(shortcut("Tab", true, false), Some(Shortcut::Next));
        assert_eq!(shortcut("ISO_Left_Tab", true, true), Some(Shortcut::Previous));
        assert_eq!(shortcut("R", true, true), Some(Shortcut::ReloadActive));
        assert_eq!(shortcut("r", true, false), None);
        assert_eq!(shortcut("q", true, false), Some(Shortcut::Quit));
        assert_eq!(shortcut("Q", true, false), Some(Shortcut::Quit), "Caps Lock on");
        assert_eq!(shortcut("K", true, false), Some(Shortcut::Palette), "Caps Lock on");
        assert_eq!(shortcut("Q", true, true), None);
        assert_eq!(shortcut("comma", true, false), Some(Shortcut::Settings));
        assert_eq!(shortcut("L", true, true), Some(Shortcut::Lock));
        assert_eq!(shortcut("k", true, false), Some(Shortcut::Palette));
        assert_eq!(shortcut("k", false, false), None, "a plain k is the page's");
        assert_eq!(shortcut("l", true, false), None);
        assert_eq!(shortcut("U", true, true), Some(Shortcut::Unread));
        assert_eq!(shortcut("j", true, true), Some(Shortcut::NextUnread), "Windows names letters in lower case");
        assert_eq!(shortcut("u", true, false), None, "Ctrl+U is the page's");
        assert_eq!(shortcut("S", true, true), Some(Shortcut::Replies));
        assert_eq!(shortcut("s", true, false), None, "Ctrl+S is the page's");
        assert_eq!(shortcut("T", true, true), Some(Shortcut::Translate));
    }

    #[test]
    fn targets_wrap_around_and_ignore_missing_accounts() {
        assert_eq!(target(Shortcut::Show(1), Some(0), 3), Some(1));
        assert_eq!(target(Shortcut::Show(5), Some(0), 3), None);
        assert_eq!(target(Shortcut::Next, Some(2), 3), Some(0));
        assert_eq!(target(Shortcut::Previous, Some(0), 3), Some(2));
        assert_eq!(target(Shortcut::Next, None, 3), Some(0));
        assert_eq!(target(Shortcut::Next, None, 0), None);
    }

    #[test]
    fn the_global_shortcut_in_the_portals_words() {
        assert_eq!(as_xdg_trigger("CommandOrControl+Shift+Space").as_deref(), Some("CTRL+SHIFT+space"));
        assert_eq!(as_xdg_trigger("Alt+F2").as_deref(), Some("ALT+F2"));
        assert_eq!(as_xdg_trigger("Super+K").as_deref(), Some("LOGO+k"));
        assert_eq!(as_xdg_trigger("Ctrl+Shift"), None, "no key");
        assert_eq!(as_xdg_trigger("Ctrl+A+B"), None, "two keys");
    }
}
