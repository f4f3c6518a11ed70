#!/usr/bin/env bash
# Install exactly the README's system packages (its system-packages block, read by
# .ci/readme_packages.py): Qt's libraries for a desktop window (xcb) and offscreen, fonts,
# poppler for the PDF checks, ICU tools to trim the frozen build, NSIS and wine for the
# installer. DRY_RUN=1 prints the apt-get commands for every package instead of running them.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
if [ -z "${DRY_RUN:-}" ] && ! command -v apt-get >/dev/null 2>&1; then
  exit 0
fi
updated=""
while read -r line; do
  options="" need=""
  for word in $line; do
    case "$word" in
      -*) options="$options $word" ;;
      *) if [ -n "${DRY_RUN:-}" ] || ! dpkg -s "$word" >/dev/null 2>&1; then need="$need $word"; fi ;;
    esac
  done
  [ -n "$need" ] || continue
  if [ -n "${DRY_RUN:-}" ]; then
    echo "apt-get install -y -qq$options$need"
    continue
  fi
  [ -n "$updated" ] || { apt-get update -qq </dev/null; updated=1; }
  apt-get install -y -qq $options $need </dev/null >/dev/null
done < <(python3 .ci/readme_packages.py README.md)
