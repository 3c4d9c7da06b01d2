#!/bin/sh
# Puts CareMatch in this user's application menu and on the desktop, pointing at this folder.
# Run it once after unpacking: ./install.sh
set -eu
folder=$(cd "$(dirname "$0")" && pwd)
case $folder in
  *[\"\`\$\\]*)
    echo "CareMatch 所在的文件夹路径含有 \" \` \$ 或 \\ 字符，菜单启动器无法指向它；请换一个文件夹再运行 install.sh。" >&2
    echo "(The folder's path contains \" \` \$ or \\, which a menu launcher cannot point at; move CareMatch elsewhere.)" >&2
    exit 1
    ;;
esac
menu="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
mkdir -p "$menu"
# The Exec line is quoted (paths with spaces) and its % doubled (the desktop-entry field-code escape);
# awk with ENVIRON copies the path literally, where sed would read & and | in it as syntax.
FOLDER="$folder" awk '
  {
    line = $0; out = ""; folder = ENVIRON["FOLDER"]
    if (line ~ /^Exec=/) gsub(/%/, "%%", folder)
    while ((at = index(line, "@FOLDER@")) > 0) {
      out = out substr(line, 1, at - 1) folder
      line = substr(line, at + length("@FOLDER@"))
    }
    print out line
  }' "$folder/carematch.desktop" > "$menu/carematch.desktop"
chmod +x "$menu/carematch.desktop"
desktop=$(xdg-user-dir DESKTOP 2>/dev/null || echo "$HOME/Desktop")
if [ -d "$desktop" ]; then
  cp "$menu/carematch.desktop" "$desktop/carematch.desktop"
  chmod +x "$desktop/carematch.desktop"
fi
echo "CareMatch 已加入应用程序菜单 (added to the application menu): $menu/carematch.desktop"
