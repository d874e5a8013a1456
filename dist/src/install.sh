#!/usr/bin/env bash
# Installs this sops4j release for one user (no root needed):
#   ./install.sh [--prefix DIR]      copy to DIR/lib/sops4j/<version>, link DIR/bin/sops4j and sops4j-gateway
#   ./install.sh --uninstall [--prefix DIR]
# DIR defaults to ~/.local. Running it again is harmless; another version's links are repointed to this one.
set -euo pipefail

src="${BASH_SOURCE[0]}"
while [ -L "$src" ]; do
  dir="$(cd -P "$(dirname "$src")" && pwd)"
  src="$(readlink "$src")"
  case "$src" in /*) ;; *) src="$dir/$src" ;; esac
done
HERE="$(cd -P "$(dirname "$src")" && pwd)"
VERSION="$(cat "$HERE/lib/version")"
PLATFORM="$(cat "$HERE/lib/platform")"
COMMANDS=(sops4j sops4j-gateway)

usage() {
  echo "usage: install.sh [--prefix DIR] [--uninstall]   (DIR defaults to ~/.local)"
}

prefix="" uninstall=0
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) [ $# -ge 2 ] || { usage >&2; exit 2; }; prefix="$2"; shift 2 ;;
    --prefix=*) prefix="${1#--prefix=}"; shift ;;
    --uninstall) uninstall=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "install.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
if [ -z "$prefix" ]; then
  [ -n "${HOME:-}" ] || { echo "install.sh: HOME is not set: pass --prefix DIR" >&2; exit 2; }
  prefix="$HOME/.local"
fi
mkdir -p "$prefix" 2>/dev/null || { echo "install.sh: cannot create $prefix" >&2; exit 1; }
prefix="$(cd -P "$prefix" && pwd)"
dest="$prefix/lib/sops4j/$VERSION"

if [ "$uninstall" = 1 ]; then
  for c in "${COMMANDS[@]}"; do
    link="$prefix/bin/$c"
    # only our own links: something else of that name is left alone
    if [ -L "$link" ] && case "$(readlink "$link")" in "$prefix/lib/sops4j/"*) true ;; *) false ;; esac; then
      rm -f "$link"
    fi
  done
  rm -rf "$dest"
  rmdir "$prefix/lib/sops4j" 2>/dev/null || true
  echo "sops4j $VERSION removed from $prefix"
  exit 0
fi

if [ "$PLATFORM" = linux-x64 ]; then
  os="$(uname -s)" arch="$(uname -m)"
  if [ "$os" != Linux ] || { [ "$arch" != x86_64 ] && [ "$arch" != amd64 ]; }; then
    echo "install.sh: this sops4j release is for Linux x86_64 (its Java runtime is built for it), not $os $arch;" \
      "use sops4j-$VERSION.zip with a Java 17 or newer instead" >&2
    exit 1
  fi
fi

if [ "$HERE" != "$dest" ]; then
  tmp="$prefix/lib/sops4j/.$VERSION.tmp.$$"
  mkdir -p "$prefix/lib/sops4j"
  rm -rf "$tmp"
  # -p keeps the files' times: the AOT cache checks them
  cp -pR "$HERE" "$tmp"
  rm -rf "$dest"
  mv "$tmp" "$dest"
fi
mkdir -p "$prefix/bin"
for c in "${COMMANDS[@]}"; do
  link="$prefix/bin/$c"
  if [ -e "$link" ] && [ ! -L "$link" ]; then
    echo "install.sh: $link exists and is not a link; move it away first" >&2
    exit 1
  fi
  ln -sfn "$dest/bin/$c" "$link"
done
echo "sops4j $VERSION installed in $dest; commands linked in $prefix/bin"
case ":${PATH:-}:" in
  *":$prefix/bin:"*) ;;
  *) echo "note: $prefix/bin is not on your PATH; add it, for example: export PATH=\"$prefix/bin:\$PATH\"" ;;
esac
