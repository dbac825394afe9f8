//! macOS: no proxy per account yet. WKWebView takes one per data store from macOS 14 (wry's
//! `mac-proxy`), which can't be built or tried here: until it is, an account with a proxy is
//! refused rather than let its page go out without it.

use switchboard_core::proxy::Proxy;

pub fn proxy_support(_proxy: &Proxy) -> Result<(), crate::problem::Problem> {
    Err(crate::problem::Problem::new("proxy.unsupported").with("os", "macOS"))
}

/// An account's data is its own, whatever its proxy.
pub fn proxy_keeps_sign_in(_profile: &crate::profile::Profile, _account: &str) -> bool {
    true
}
