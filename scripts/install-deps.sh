#!/usr/bin/env bash
# Install what qhall needs to build, run and test, from Debian's packages.
# Safe to run again: it installs only what is missing.
set -euo pipefail

packages=(
  # build
  gcc make cmake pkg-config clang-format scdoc
  # libraries (DESIGN.md: Dependencies)
  libsqlite3-dev libjansson-dev libevent-dev libinih-dev libsodium-dev
  libsystemd-dev
  # screens, printing, voice
  libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev libfontconfig-dev libglib2.0-dev
  fonts-noto-cjk libqrencode-dev libcups2-dev libespeak-ng-dev espeak-ng-data
  libunibreak-dev
  # reports: the 月通报 PDF (cairo + pango), read back by the tests
  libcairo2-dev libpango1.0-dev poppler-utils
  # a headless display for the screens
  xvfb xdotool xauth
  # tests: a private print stack, and tools that look at what we made
  libcmocka-dev python3 sqlite3 tzdata procps clang libclang-rt-14-dev
  cups-daemon cups-client cups-core-drivers cups-ipp-utils avahi-daemon
  dbus-daemon zbar-tools sox imagemagick
  # the web pages in a real browser, driven over WebDriver
  chromium chromium-driver
  # the Debian packages, built, checked and installed by the tests
  debhelper lintian fakeroot cage xwayland grim
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "qhall: missing packages: ${missing[*]}; run this as root" >&2
  exit 1
fi
echo "qhall: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
