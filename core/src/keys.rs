//! The window's keyboard shortcuts, caught before any page sees the key.

#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub enum Shortcut {
    /// Show the n-th (0-based) enabled account.
    Show(usize),
    /// Show the n-th (1-based) group of accounts; 0 for every account (Ctrl+Alt+1…9, 0).
    Group(usize),
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
    /// The notes and tags of the person in the chat on screen.
    PersonCard,
    Quit,
}

/// One shortcut, declared once: its key (the toolkit's name for it, in lower case) with Ctrl (Cmd
/// on a Mac), whether Shift is held too, the part of the shell it opens (its stage in `ui/`, which
/// a module there registers), and the message naming it in the macOS menu bar. Everything else —
/// the key handlers of every OS, the macOS menu, what a press does — is wired from this table.
#[derive(Debug)]
pub struct Binding {
    pub shortcut: Shortcut,
    pub key: &'static str,
    pub shift: bool,
    pub opens: Option<&'static str>,
    pub menu: &'static str,
}

const fn bind(shortcut: Shortcut, key: &'static str, shift: bool, opens: Option<&'static str>, menu: &'static str) -> Binding {
    Binding { shortcut, key, shift, opens, menu }
}

/// Every shortcut but Ctrl+1…9 (`Shortcut::Show`). Ctrl+U, Ctrl+S, Ctrl+T and the other plain
/// letters stay the page's own (underline, save, a new tab in a web client).
pub const BINDINGS: &[Binding] = &[
    bind(Shortcut::Palette, "k", false, Some("palette"), "macmenu.find"),
    bind(Shortcut::Unread, "u", true, Some("unread"), "macmenu.unread"),
    bind(Shortcut::NextUnread, "j", true, None, "macmenu.next_unread"),
    bind(Shortcut::Replies, "s", true, Some("replies"), "macmenu.replies"),
    bind(Shortcut::Translate, "t", true, Some("translate"), "macmenu.translate"),
    bind(Shortcut::PersonCard, "n", true, Some("person"), "macmenu.person"),
    bind(Shortcut::Next, "tab", false, None, "macmenu.next"),
    bind(Shortcut::Previous, "tab", true, None, "macmenu.previous"),
    bind(Shortcut::ReloadActive, "r", true, None, "macmenu.reload"),
    bind(Shortcut::Settings, "comma", false, Some("settings"), "macmenu.settings"),
    bind(Shortcut::Lock, "l", true, None, "tray.lock"),
    bind(Shortcut::Quit, "q", false, None, "tray.quit"),
];

impl Shortcut {
    fn binding(self) -> Option<&'static Binding> {
        BINDINGS.iter().find(|b| b.shortcut == self)
    }

    /// The stage of the shell it opens, for those that open one.
    pub fn opens(self) -> Option<&'static str> {
        self.binding()?.opens
    }
}

impl Binding {
    /// Its keys as a menu accelerator: Cmd on a Mac, except with Tab (Cmd+Tab is the system's).
    pub fn accelerator(&self) -> String {
        let command = if self.key == "tab" { "Ctrl" } else { "CmdOrCtrl" };
        let shift = if self.shift { "+Shift" } else { "" };
        let key = match self.key {
            "comma" => "Comma".to_string(),
            "tab" => "Tab".to_string(),
            letter => letter.to_ascii_uppercase(),
        };
        format!("{command}{shift}+{key}")
    }
}

/// `key` is the key's name as the toolkit gives it ("1", "Tab", "ISO_Left_Tab", "r"; a capital
/// with Caps Lock on). With Alt, only Ctrl+Alt+0…9 (the groups) are the app's: the rest with Alt
/// (AltGr on many layouts) is typing.
pub fn shortcut(key: &str, ctrl: bool, shift: bool, alt: bool) -> Option<Shortcut> {
    if !ctrl {
        return None;
    }
    if alt {
        return match key.as_bytes() {
            [digit @ b'0'..=b'9'] if !shift => Some(Shortcut::Group((digit - b'0') as usize)),
            _ => None,
        };
    }
    let (key, shift) = if key == "ISO_Left_Tab" { ("tab".to_string(), true) } else { (key.to_ascii_lowercase(), shift) };
    if let Some(bound) = BINDINGS.iter().find(|b| b.key == key && b.shift == shift) {
        return Some(bound.shortcut);
    }
    match key.as_bytes() {
        [digit @ b'1'..=b'9'] if !shift => Some(Shortcut::Show((digit - b'1') as usize)),
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
        _ => None,
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
        assert_eq!(shortcut("2", true, false, false), Some(Shortcut::Show(1)));
        assert_eq!(shortcut("9", true, false, false), Some(Shortcut::Show(8)));
        assert_eq!(shortcut("0", true, false, false), None);
        // Ctrl+Alt+digit: the groups (0: every account); other keys with Alt are typing (AltGr).
        assert_eq!(shortcut("2", true, false, true), Some(Shortcut::Group(2)));
        assert_eq!(shortcut("0", true, false, true), Some(Shortcut::Group(0)));
        assert_eq!(shortcut("q", true, false, true), None);
        assert_eq!(shortcut("2", false, false, false), None);
        assert_eq!(shortcut("Tab", true, false, false), Some(Shortcut::Next));
        assert_eq!(shortcut("ISO_Left_Tab", true, true, false), Some(Shortcut::Previous));
        assert_eq!(shortcut("R", true, true, false), Some(Shortcut::ReloadActive));
        assert_eq!(shortcut("r", true, false, false), None);
        assert_eq!(shortcut("q", true, false, false), Some(Shortcut::Quit));
        assert_eq!(shortcut("Q", true, false, false), Some(Shortcut::Quit), "Caps Lock on");
        assert_eq!(shortcut("K", true, false, false), Some(Shortcut::Palette), "Caps Lock on");
        assert_eq!(shortcut("Q", true, true, false), None);
        assert_eq!(shortcut("comma", true, false, false), Some(Shortcut::Settings));
        assert_eq!(shortcut("L", true, true, false), Some(Shortcut::Lock));
        assert_eq!(shortcut("k", true, false, false), Some(Shortcut::Palette));
        assert_eq!(shortcut("k", false, false, false), None, "a plain k is the page's");
        assert_eq!(shortcut("l", true, false, false), None);
        assert_eq!(shortcut("U", true, true, false), Some(Shortcut::Unread));
        assert_eq!(shortcut("j", true, true, false), Some(Shortcut::NextUnread), "Windows names letters in lower case");
        assert_eq!(shortcut("u", true, false, false), None, "Ctrl+U is the page's");
        assert_eq!(shortcut("S", true, true, false), Some(Shortcut::Replies));
        assert_eq!(shortcut("s", true, false, false), None, "Ctrl+S is the page's");
        assert_eq!(shortcut("T", true, true, false), Some(Shortcut::Translate));
    }

    #[test]
    fn each_key_is_bound_once_and_each_opening_names_its_stage_once() {
        for (i, a) in BINDINGS.iter().enumerate() {
            for b in &BINDINGS[i + 1..] {
                assert!((a.key, a.shift) != (b.key, b.shift), "{a:?} and {b:?} share their keys");
                assert!(a.shortcut != b.shortcut && (a.opens.is_none() || a.opens != b.opens), "{a:?} and {b:?}");
            }
            assert_eq!(shortcut(a.key, true, a.shift, false), Some(a.shortcut), "{a:?} is found by its own keys");
        }
        assert_eq!(Shortcut::Unread.opens(), Some("unread"));
        assert_eq!(Shortcut::Lock.opens(), None);
        assert_eq!(BINDINGS[1].accelerator(), "CmdOrCtrl+Shift+U");
        assert_eq!(Shortcut::Previous.binding().unwrap().accelerator(), "Ctrl+Shift+Tab");
        assert_eq!(Shortcut::Settings.binding().unwrap().accelerator(), "CmdOrCtrl+Comma");
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
