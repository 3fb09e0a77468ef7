#!/usr/bin/env bash
# Packs the Linux one-folder bundle (dist/naij-tracker, from PyInstaller) for officers:
#   dist/naij-tracker-VERSION-linux-ARCH.tar.gz   the bundle, a .desktop file, the icon and
#                                                 install.sh (installs into ~/.local)
#   dist/naij-tracker-VERSION-ARCH.AppImage        only where appimagetool is installed
set -euo pipefail
cd "$(dirname "$0")/.."

bundle=dist/naij-tracker
[ -x "$bundle/naij-tracker" ] || { echo "linux_package.sh: no bundle in $bundle (run make dist)" >&2; exit 1; }
version=$(QT_QPA_PLATFORM=offscreen "$bundle/naij-tracker" --version | awk '{print $2}')
arch=$(uname -m)
name="naij-tracker-$version-linux-$arch"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

mkdir -p "$stage/$name"
cp -a "$bundle" "$stage/$name/naij-tracker"
cp packaging/linux/naij-tracker.desktop packaging/linux/install.sh "$stage/$name/"
cp resources/icons/naij-tracker.png "$stage/$name/"
chmod 755 "$stage/$name/install.sh"
tar -C "$stage" -czf "dist/$name.tar.gz" "$name"
echo "dist/$name.tar.gz ($(du -sm "$stage/$name" | cut -f1) MB unpacked, $(du -m "dist/$name.tar.gz" | cut -f1) MB packed)"

if command -v appimagetool >/dev/null 2>&1; then
  appdir="$stage/NAIJ_Case_Tracker.AppDir"
  mkdir -p "$appdir/usr/lib"
  cp -a "$bundle" "$appdir/usr/lib/naij-tracker"
  sed 's|^Exec=.*|Exec=naij-tracker|' packaging/linux/naij-tracker.desktop > "$appdir/naij-tracker.desktop"
  cp resources/icons/naij-tracker.png "$appdir/naij-tracker.png"
  ln -s usr/lib/naij-tracker/naij-tracker "$appdir/AppRun"
  ARCH="$arch" appimagetool --no-appstream "$appdir" "dist/naij-tracker-$version-$arch.AppImage"
  echo "dist/naij-tracker-$version-$arch.AppImage"
else
  echo "AppImage not built: appimagetool is not installed here (Debian 12 has no package for"
  echo "it); the .tar.gz above is the Linux package. Install appimagetool and run make dist again."
fi
