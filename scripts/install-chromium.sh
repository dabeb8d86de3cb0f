#!/usr/bin/env bash
# Install Debian's Chromium for the browser tests, once.
#
# Why a script: the UI tests drive /usr/bin/chromium through Playwright, and Playwright's own
# browser download (`playwright install`) cannot work offline, so the browser comes from the
# distribution's packages. Idempotent: when Chromium is there it does nothing (no apt, no
# network, no root needed), so `make test` can call it every time.
#
# Exit status: 0 when Chromium is (now) installed; 1 when it is missing and this is not root
# (the message says what to run); apt-get's status when the install fails.
set -euo pipefail

CHROMIUM="${MFA_WATCH_CHROMIUM:-/usr/bin/chromium}"
PACKAGES=(chromium)

if [ -x "$CHROMIUM" ]; then
    echo "install-chromium: $CHROMIUM is already installed"
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "install-chromium: $CHROMIUM is missing and installing it needs root." >&2
    echo "install-chromium: run as root:  apt-get update && apt-get install -y ${PACKAGES[*]}" >&2
    exit 1
fi

echo "install-chromium: $CHROMIUM is missing; installing ${PACKAGES[*]} from Debian's packages"
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y "${PACKAGES[@]}"

if [ ! -x "$CHROMIUM" ]; then
    echo "install-chromium: apt-get finished but $CHROMIUM is still missing" >&2
    exit 1
fi
echo "install-chromium: installed $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
