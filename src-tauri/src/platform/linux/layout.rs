//! Linux: Tauri packs child webviews into the window's vertical GtkBox and ignores their bounds
//! there (tauri issue #10420). So each webview is moved, once created, into a layout of our own:
//! a GtkOverlay whose main child is a horizontal box of service pages (the shown one fills it,
//! hidden ones take no space), with the sidebar laid over it. The overlay places the sidebar
//! itself (`get-child-position`), so its width never depends on the page's natural size, and a
//! dialog can widen it to the whole window.

use crate::screen;
use gtk::glib;
use gtk::prelude::*;
use std::cell::RefCell;
use tauri::{AppHandle, Webview, Window};

/// The layout's widgets; GTK objects live on the main thread only.
struct Layout {
    overlay: gtk::Overlay,
    services: gtk::Box,
}

thread_local! {
    static LAYOUT: RefCell<Option<Layout>> = const { RefCell::new(None) };
}

pub fn prepare_window(window: &Window, app: AppHandle) -> tauri::Result<()> {
    let overlay = gtk::Overlay::new();
    let services = gtk::Box::new(gtk::Orientation::Horizontal, 0);
    // Placement is ours alone (`relayout`): GTK must not mirror it again on an RTL desktop.
    overlay.set_direction(gtk::TextDirection::Ltr);
    services.set_direction(gtk::TextDirection::Ltr);
    services.set_margin_start(screen::SIDEBAR_WIDTH as i32);
    overlay.add(&services);
    // The sidebar on the left, or on the right in a right-to-left language; the pages beside it.
    overlay.connect_get_child_position(|overlay, _shell| {
        let at = switchboard_core::layout::place(overlay.allocated_width().into(), screen::shell_size(), screen::mirrored());
        Some(gtk::Rectangle::new(at.shell_x as i32, 0, at.shell_width as i32, overlay.allocated_height()))
    });
    window.default_vbox()?.pack_start(&overlay, true, true, 0);
    overlay.show_all();
    LAYOUT.with(|l| *l.borrow_mut() = Some(Layout { overlay, services }));
    super::shortcuts::watch_keys(window, app)
}

/// The title and the tray carry the unread total here.
pub fn show_badge(_window: &tauri::Window, _total: u32) {}

/// The shell's webview, once made: laid over the pages.
pub fn adopt_shell(shell: &Webview) {
    adopt(shell, true);
}

/// The window's events: the layout follows the window's size by itself.
pub fn on_window_event(_app: &AppHandle, _event: &tauri::WindowEvent) {}

/// Moves a freshly made webview from Tauri's box into our layout: the shell over the pages.
pub(super) fn adopt(webview: &Webview, is_shell: bool) {
    let account = screen::account_of(webview.label()).map(str::to_owned);
    let _ = webview.with_webview(move |platform| {
        let widget = platform.inner();
        // Input anywhere in the window counts as use, for the idle lock; a key or a click in a
        // page is what lets that page start a download.
        widget.connect_event(move |_, event| {
            use gtk::gdk::EventType::*;
            let kind = event.event_type();
            if matches!(kind, KeyPress | ButtonPress | Scroll | MotionNotify | TouchBegin) {
                crate::platform::input::note();
            }
            if let (Some(account), KeyPress | ButtonPress | TouchBegin) = (&account, kind) {
                crate::pages::downloads::note_input(account);
            }
            glib::Propagation::Proceed
        });
        LAYOUT.with(|l| {
            let layout = l.borrow();
            let Some(layout) = layout.as_ref() else { return };
            if let Some(parent) = widget.parent().and_then(|p| p.downcast::<gtk::Container>().ok()) {
                parent.remove(&widget);
            }
            if is_shell {
                layout.overlay.add_overlay(&widget);
            } else {
                // Showing the window (GTK's show-all) must never show a hidden page: only
                // `set_shown` does.
                widget.set_no_show_all(true);
                layout.services.pack_start(&widget, true, true, 0);
            }
        });
    });
}

/// Shows or hides a service page's widget itself (wry's show is a show-all, which a page exempt
/// from show-all ignores).
pub fn set_shown(webview: &Webview, shown: bool) {
    let _ = webview.with_webview(move |platform| platform.inner().set_visible(shown));
}

/// Lays the shell and the pages out again after the shell's size changed.
pub fn relayout(app: &AppHandle) {
    let _ = app.run_on_main_thread(|| {
        LAYOUT.with(|l| {
            if let Some(layout) = l.borrow().as_ref() {
                let beside = screen::shell_size().beside() as i32;
                let (left, right) = if screen::mirrored() { (0, beside) } else { (beside, 0) };
                layout.services.set_margin_start(left);
                layout.services.set_margin_end(right);
                layout.overlay.queue_resize();
            }
        });
    });
}

