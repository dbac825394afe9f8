//! GTK specifics. Tauri packs child webviews into the window's vertical GtkBox and ignores
//! their bounds there (tauri issue #10420), so the box is turned horizontal: the sidebar keeps a
//! fixed width, and the shown service page takes the rest and follows every resize.

use super::{keys, navigation, outside, SIDEBAR_WIDTH};
use gtk::glib::{self, translate::{IntoGlib, ToGlibPtr}};
use gtk::prelude::*;
use navigation::Decision;
use tauri::{AppHandle, Webview, Window};
use webkit2gtk::{
    NavigationPolicyDecision, NavigationPolicyDecisionExt, NavigationType, PolicyDecisionExt, PolicyDecisionType,
    URIRequestExt, WebViewExt,
};

pub fn prepare_window(window: &Window, app: AppHandle) -> tauri::Result<()> {
    window.default_vbox()?.set_orientation(gtk::Orientation::Horizontal);
    // The toplevel sees a key before the focused page does, so shortcuts work whatever has focus.
    window.gtk_window()?.connect_key_press_event(move |_, event| {
        let state = event.state();
        let ctrl = state.contains(gtk::gdk::ModifierType::CONTROL_MASK);
        let shift = state.contains(gtk::gdk::ModifierType::SHIFT_MASK);
        match keys::shortcut(&latin_key_name(event), ctrl, shift) {
            Some(shortcut) => {
                super::run_shortcut(&app, shortcut);
                glib::Propagation::Stop
            }
            None => glib::Propagation::Proceed,
        }
    });
    Ok(())
}

/// The key's name on the first (Latin) layout, so Ctrl+Shift+R works with a Russian layout too.
fn latin_key_name(event: &gtk::gdk::EventKey) -> String {
    let keymap = gtk::gdk::Display::default().and_then(|d| gtk::gdk::Keymap::for_display(&d));
    let keyval = keymap
        .and_then(|k| k.translate_keyboard_state(event.hardware_keycode().into(), event.state(), 0))
        .map(|(keyval, ..)| keyval)
        .unwrap_or_else(|| *event.keyval());
    gtk::gdk::keys::Key::from(keyval).name().map(|n| n.to_string()).unwrap_or_default()
}

/// The sidebar keeps its width; `full` lets it take the whole window while a dialog is open.
pub fn size_sidebar(shell: &Webview, full: bool) {
    let _ = shell.with_webview(move |platform| {
        let widget = platform.inner();
        if let Some(parent) = widget.parent().and_then(|p| p.downcast::<gtk::Box>().ok()) {
            parent.set_child_packing(&widget, full, true, 0, gtk::PackType::Start);
        }
        widget.set_size_request(SIDEBAR_WIDTH as i32, -1);
    });
}

/// Keeps clicks on foreign links out of the service's webview.
///
/// Tauri's own navigation hook only sees the address, and WebKit asks about subframes too: with
/// it, a foreign iframe (a video embed, a captcha) would be sent to the browser. So its handler
/// is blocked here and ours decides with what WebKit knows: whether the user clicked.
pub fn guard_navigation(webview: &Webview, domains: Vec<String>) {
    let _ = webview.with_webview(move |platform| {
        let view = platform.inner();
        block_other_policy_handlers(&view);
        view.connect_decide_policy(move |_, decision, kind| {
            if kind != PolicyDecisionType::NavigationAction {
                return false;
            }
            let Some(action) = decision.downcast_ref::<NavigationPolicyDecision>().and_then(|d| d.navigation_action()) else {
                return false;
            };
            let Some(uri) = action.request().and_then(|r| r.uri()) else { return false };
            let Ok(url) = url::Url::parse(&uri) else {
                decision.ignore();
                return true;
            };
            let by_user = action.is_user_gesture() || action.navigation_type() == NavigationType::LinkClicked;
            match navigation::decide(&domains, &url, by_user) {
                Decision::Stay => false,
                Decision::OpenOutside => {
                    outside::open(&url);
                    decision.ignore();
                    true
                }
                Decision::Refuse => {
                    decision.ignore();
                    true
                }
            }
        });
    });
}

fn block_other_policy_handlers(view: &webkit2gtk::WebView) {
    let Some(signal) = glib::subclass::signal::SignalId::lookup("decide-policy", view.type_()) else { return };
    let instance: *mut glib::gobject_ffi::GObject = view.upcast_ref::<glib::Object>().to_glib_none().0;
    let unblocked = glib::gobject_ffi::G_SIGNAL_MATCH_ID | glib::gobject_ffi::G_SIGNAL_MATCH_UNBLOCKED;
    // SAFETY: `instance` is a live GObject for the duration of the loop; matching by signal id
    // needs no closure, function or data pointers. Each round blocks one handler, so it ends.
    unsafe {
        loop {
            let handler = glib::gobject_ffi::g_signal_handler_find(
                instance as *mut _,
                unblocked,
                signal.into_glib(),
                0,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            );
            if handler == 0 {
                break;
            }
            glib::gobject_ffi::g_signal_handler_block(instance as *mut _, handler);
        }
    }
}
