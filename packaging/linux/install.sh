#!/bin/sh
# Installs NAIJ Case Tracker for this user, without administrator rights:
#   ~/.local/lib/naij-tracker/        the application
#   ~/.local/bin/naij-tracker         the command (a link)
#   ~/.local/share/applications/      the menu entry
#   ~/.local/share/icons/hicolor/256x256/apps/naij-tracker.png
# Run it from the unpacked folder:  ./install.sh        (./install.sh --uninstall removes it).
# Your databases and backups (~/.local/share/naij-tracker/) are never touched by either.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
prefix=${PREFIX:-$HOME/.local}
lib="$prefix/lib/naij-tracker"
bin="$prefix/bin/naij-tracker"
desktop="$prefix/share/applications/naij-tracker.desktop"
icon="$prefix/share/icons/hicolor/256x256/apps/naij-tracker.png"

if [ "${1:-}" = "--uninstall" ]; then
  rm -rf "$lib"
  rm -f "$bin" "$desktop" "$icon"
  echo "NAIJ Case Tracker removed (your databases are still in ~/.local/share/naij-tracker)."
  exit 0
fi

[ -x "$here/naij-tracker/naij-tracker" ] || { echo "install.sh: run it from the unpacked folder" >&2; exit 1; }
mkdir -p "$prefix/lib" "$prefix/bin" "$(dirname "$desktop")" "$(dirname "$icon")"
rm -rf "$lib.new"
cp -R "$here/naij-tracker" "$lib.new"
rm -rf "$lib"
mv "$lib.new" "$lib"
ln -sf "$lib/naij-tracker" "$bin"
sed "s|^Exec=.*|Exec=\"$lib/naij-tracker\"|" "$here/naij-tracker.desktop" > "$desktop"
cp "$here/naij-tracker.png" "$icon"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$(dirname "$desktop")" || true
echo "NAIJ Case Tracker installed: open it from your applications menu, or run $bin"
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo "($prefix/bin is not on your PATH: start it from the menu, or as $bin)" ;;
esac
