#!/usr/bin/env bash
# Installs what Switchboard needs on Debian/Ubuntu, quietly skipping what is already there.
#   scripts/deps.sh build   — to build and run the app
#   scripts/deps.sh test    — also what the tests need (Xvfb, WebDriver, D-Bus, keyring, …)
#   scripts/deps.sh bench   — also Chromium, the stand-in for an Electron shell in `make bench`
set -euo pipefail

build_packages=(
  build-essential pkg-config file
  libwebkit2gtk-4.1-dev libgtk-3-dev libsoup-3.0-dev libjavascriptcoregtk-4.1-dev
  libayatana-appindicator3-dev librsvg2-dev libxdo-dev libssl-dev libdbus-1-dev
  xdg-utils
  # Spell checking in the pages (WebKitGTK reads hunspell dictionaries): English, Russian, Arabic.
  hunspell-en-us hunspell-ru hunspell-ar
  # Voice and video messages: Opus, H.264 and AAC, and the elements WebKit's player asks for.
  gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-libav
)
test_packages=(
  xvfb xauth xdotool webkit2gtk-driver dbus dbus-daemon gnome-keyring libsecret-1-dev
  python3 python3-pytest python3-dbusmock python3-xlib imagemagick
  # What a user reads where no test hook reaches (an isolated page): read off the screen.
  tesseract-ocr
  # Every connection the app makes, whatever code path makes it (the translation test).
  strace
  fonts-dejavu-core fonts-noto-cjk
  # The Windows build is compile-checked here: mingw's resource compiler and linker tools.
  binutils-mingw-w64-x86-64 gcc-mingw-w64-x86-64
  # The core's tests also run as a Windows program, under Wine.
  wine64
  # A real messenger and its server in the tests: Prosody, and an XMPP client for its other user.
  prosody python3-slixmpp
  # Real proxies for an account's own proxy: HTTP (tinyproxy) and SOCKS5 (microsocks), each
  # with a password and a log of where it connected.
  tinyproxy microsocks
)

bench_packages=(chromium)

wanted=("${build_packages[@]}")
case "${1:-build}" in
  test) wanted+=("${test_packages[@]}") ;;
  bench) wanted+=("${test_packages[@]}" "${bench_packages[@]}") ;;
esac
command -v node >/dev/null || wanted+=(nodejs)
# npx runs Tauri's bundler for the installers (`make package`, `make test-package`).
command -v npx >/dev/null || wanted+=(npm)

missing=()
for p in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null; then
  echo "Rust is missing: install it from https://rustup.rs and run this again." >&2
  exit 1
fi

# The real web messenger the tests run against (Converse.js), at the version its lock file names.
real="$(cd "$(dirname "$0")/.." && pwd)/tests/real"
if [ "${1:-build}" != build ] && [ ! -d "$real/node_modules/converse.js" ]; then
  npm ci --prefix "$real" --silent --no-audit --no-fund
fi

# The other platforms' standard libraries, for the compile checks in `make test`.
if [ "${1:-build}" != build ] && command -v rustup >/dev/null; then
  for target in x86_64-pc-windows-gnu aarch64-apple-darwin; do
    rustup target list --installed | grep -qx "$target" || rustup target add "$target"
  done
fi

# The crates we build with a patch of ours (Cargo.toml's [patch.crates-io]).
"$(dirname "$0")/patch-crates"
