#!/bin/sh
# Puts CareMatch in this user's application menu and on the desktop, pointing at this folder.
# Run it once after unpacking: ./install.sh
set -eu
folder=$(cd "$(dirname "$0")" && pwd)
menu="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
mkdir -p "$menu"
sed "s|@FOLDER@|$folder|g" "$folder/carematch.desktop" > "$menu/carematch.desktop"
chmod +x "$menu/carematch.desktop"
desktop=$(xdg-user-dir DESKTOP 2>/dev/null || echo "$HOME/Desktop")
if [ -d "$desktop" ]; then
  cp "$menu/carematch.desktop" "$desktop/carematch.desktop"
  chmod +x "$desktop/carematch.desktop"
fi
echo "CareMatch 已加入应用程序菜单 (added to the application menu): $menu/carematch.desktop"
