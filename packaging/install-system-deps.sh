#!/usr/bin/env bash
# Installs the Debian packages the app and its tests need, when they are missing:
# a Japanese TrueType font for the PDFs (fonts-ipaexfont) and fallback TrueType fonts for characters it lacks
# (fonts-ipamj-mincho: 𠮷 and other rare kanji; fonts-symbola: emoji and symbols), poppler-utils and poppler-data (pdftotext, pdffonts,
# pdftoppm) for the PDF tests, the shared libraries Qt loads, and PostgreSQL (postgresql: initdb and pg_ctl for
# the team database tests, which start their own throwaway server). Uses apt-get as root or via sudo.
set -euo pipefail
pkgs=(fonts-ipaexfont fonts-ipamj-mincho fonts-symbola poppler-utils poppler-data libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1
      libdbus-1-3 libglib2.0-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 xvfb
      postgresql)
command -v dpkg-query >/dev/null 2>&1 || { echo "install-system-deps: not a Debian system; install the equivalents of: ${pkgs[*]}"; exit 0; }
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "install-system-deps: installing ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then sudo=(); elif command -v sudo >/dev/null 2>&1; then sudo=(sudo); else
  echo "install-system-deps: need root to install: ${missing[*]}" >&2; exit 1; fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null \
  || { "${sudo[@]}" apt-get update -q >/dev/null && "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; }
