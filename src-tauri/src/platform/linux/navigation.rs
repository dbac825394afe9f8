//! Linux: the navigation guard, on WebKit's own policy signal.

use crate::navigation::{self, Decision};
use gtk::glib::{self, translate::{IntoGlib, ToGlibPtr}};
use gtk::prelude::*;
use tauri::Webview;
use webkit2gtk::{NavigationPolicyDecision, NavigationPolicyDecisionExt, PolicyDecisionExt, PolicyDecisionType, URIRequestExt, WebViewExt};

/// Keeps clicks on foreign links out of the service's webview.
///
/// Tauri's own navigation hook only sees the address, and WebKit asks about subframes too: with
/// it, a foreign iframe (a video embed, a captcha) would be sent to the browser. So its handler
/// is blocked here and ours decides with what WebKit knows: whether the user clicked.
pub(super) fn guard(webview: &Webview, account: String, domains: Vec<String>) {
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
            // A real click or key press only: a script's `a.click()` is a "link click" too.
            let by_user = action.is_user_gesture();
            match navigation::decide(&domains, &url, by_user) {
                Decision::Stay => false,
                Decision::OpenOutside => {
                    crate::platform::outside::open(&account, &url);
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

