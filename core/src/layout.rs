//! Where the shell and the service pages go in the window: the shell's sidebar beside the pages,
//! widened by a panel (the Unread list, saved replies, a translation) that leaves the page in
//! view, or over the whole window for a dialog.

pub const SIDEBAR_WIDTH: f64 = 240.0;
pub const PANEL_WIDTH: f64 = 360.0;

/// How much of the window the shell takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShellSize {
    Sidebar,
    /// The sidebar and a panel beside it; the page moves over.
    Panel,
    /// All of it: the pages are hidden behind.
    Window,
}

impl ShellSize {
    /// How far from the shell's edge the pages start: a window-wide shell leaves them where they
    /// were, hidden.
    pub fn beside(self) -> f64 {
        match self {
            ShellSize::Panel => SIDEBAR_WIDTH + PANEL_WIDTH,
            ShellSize::Sidebar | ShellSize::Window => SIDEBAR_WIDTH,
        }
    }
}

/// Horizontal places, in logical pixels from the window's left edge.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placement {
    pub shell_x: f64,
    pub shell_width: f64,
    pub pages_x: f64,
    pub pages_width: f64,
}

/// The shell on the left, or on the right in a right-to-left language; the pages beside it.
pub fn place(window_width: f64, size: ShellSize, mirrored: bool) -> Placement {
    let beside = size.beside();
    let shell_width = if size == ShellSize::Window { window_width } else { beside.min(window_width) };
    let pages_width = (window_width - beside).max(1.0);
    let (shell_x, pages_x) = if mirrored { (window_width - shell_width, 0.0) } else { (0.0, beside) };
    Placement { shell_x, shell_width, pages_x, pages_width }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panel_moves_the_page_over_and_a_dialog_covers_all() {
        let p = place(1200.0, ShellSize::Sidebar, false);
        assert_eq!(p, Placement { shell_x: 0.0, shell_width: 240.0, pages_x: 240.0, pages_width: 960.0 });
        let p = place(1200.0, ShellSize::Panel, false);
        assert_eq!(p, Placement { shell_x: 0.0, shell_width: 600.0, pages_x: 600.0, pages_width: 600.0 });
        let p = place(1200.0, ShellSize::Window, false);
        assert_eq!((p.shell_x, p.shell_width), (0.0, 1200.0));
    }

    #[test]
    fn right_to_left_mirrors_it_all() {
        let p = place(1200.0, ShellSize::Panel, true);
        assert_eq!(p, Placement { shell_x: 600.0, shell_width: 600.0, pages_x: 0.0, pages_width: 600.0 });
        let p = place(1200.0, ShellSize::Sidebar, true);
        assert_eq!((p.shell_x, p.pages_x, p.pages_width), (960.0, 0.0, 960.0));
    }

    #[test]
    fn a_narrow_window_keeps_a_page_to_show() {
        let p = place(500.0, ShellSize::Panel, false);
        assert_eq!((p.shell_width, p.pages_width), (500.0, 1.0));
    }
}
