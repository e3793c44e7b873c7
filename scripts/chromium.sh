#!/usr/bin/env bash
# Makes sure Debian's Chromium is there for the end-to-end suite and `npm run screenshots`
# (playwright-core drives it; no browser download). Installs it with apt-get when missing and
# this runs as root (as CI does); otherwise says how. CHROMIUM_PATH names another browser.
set -euo pipefail
path="${CHROMIUM_PATH:-/usr/bin/chromium}"
[[ -x "$path" ]] && exit 0
if [[ -n "${CHROMIUM_PATH:-}" ]]; then
  echo "[chromium] CHROMIUM_PATH=$path is not an executable" >&2
  exit 1
fi
if [[ $(id -u) != 0 ]] || ! command -v apt-get >/dev/null; then
  echo "[chromium] no Chromium at $path: install it (sudo apt-get install chromium) or set CHROMIUM_PATH" >&2
  exit 1
fi
echo "[chromium] apt-get install chromium" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
