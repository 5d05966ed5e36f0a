#!/usr/bin/env bash
# The Linux packages, tried as a user would: the .deb installed with apt (so its declared
# dependencies must resolve), the INSTALLED /usr/bin/panelshot used against the demo Grafana,
# the desktop entry, AppStream metadata and icons validated, then removed without a trace
# (user data stays). The .rpm is inspected for Fedora's names. The panelshot-cli tarball is
# unpacked and run. Runs inside `.ci/with-keyring` (a private Secret Service); needs root or sudo.
set -euo pipefail
cd "$(dirname "$0")/../.."

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1)
bundle=target/release/bundle
deb="$PWD/$bundle/deb/Panelshot_${version}_amd64.deb"
rpm="$bundle/rpm/Panelshot-${version}-1.x86_64.rpm"
tarball="$bundle/cli/panelshot-cli-${version}-x86_64-linux.tar.gz"
sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
work=$(mktemp -d)
demo_pid=""
cleanup() {
  [ -n "$demo_pid" ] && kill "$demo_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "package test FAILED: $*" >&2; exit 1; }
step() { echo "package test: $*"; }

for f in "$deb" "$rpm" "$tarball"; do [ -f "$f" ] || fail "$f is missing (make bundle)"; done

step "declared dependencies of the .deb"
depends=$(dpkg-deb -f "$deb" Depends)
recommends=$(dpkg-deb -f "$deb" Recommends)
[[ "$depends" == *libwebkit2gtk-4.1-0* ]] || fail "Depends lacks WebKitGTK 4.1: $depends"
# A browser and a keyring are recommended, not required: Ubuntu has no `chromium` .deb, and
# the app can download a headless shell itself.
[[ "$depends" != *chrom* && "$depends" != *keyring* ]] || fail "hard dependency on a browser or keyring: $depends"
for alt in chromium-headless-shell chromium chromium-browser google-chrome-stable; do
  [[ "$recommends" == *"$alt"* ]] || fail "Recommends lacks $alt: $recommends"
done
[[ "$(dpkg-deb -f "$deb" Maintainer)" == *"<"*"@"*">" ]] || fail "Maintainer needs an address: $(dpkg-deb -f "$deb" Maintainer)"

step "apt-get install ./$(basename "$deb")"
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --reinstall "$deb" >/dev/null
dpkg-query -L panelshot > "$work/files"
[ "$(command -v panelshot)" = /usr/bin/panelshot ] || fail "panelshot is not /usr/bin/panelshot"

step "the installed binary: --version, doctor, connection add, export"
/usr/bin/panelshot --version | grep -qx "panelshot $version" || fail "--version: $(/usr/bin/panelshot --version)"
export PANELSHOT_DATA_DIR="$work/data"
/usr/bin/panelshot doctor | grep -q '^OK: ' || fail "doctor"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
target/debug/demo-grafana --port "$port" --token-file "$work/token" > "$work/demo.log" 2>&1 &
demo_pid=$!
for _ in $(seq 1 100); do grep -q "listening on" "$work/demo.log" 2>/dev/null && break; sleep 0.1; done
grep -q "listening on" "$work/demo.log" || fail "the demo Grafana did not start: $(cat "$work/demo.log")"
/usr/bin/panelshot connection add demo --url "http://127.0.0.1:$port" --token-stdin < "$work/token" >/dev/null
/usr/bin/panelshot export demo classic-overview --panel 4 --width 800 --height 400 -o "$work/panel.png" >/dev/null
[ "$(identify -format '%m %w %h' "$work/panel.png")" = "PNG 800 400" ] || fail "export: $(identify "$work/panel.png")"

step "desktop entry, AppStream metadata, icons"
desktop=$(grep '^/usr/share/applications/.*\.desktop$' "$work/files")
desktop-file-validate "$desktop" || fail "desktop-file-validate $desktop"
metainfo=/usr/share/metainfo/dev.panelshot.Panelshot.metainfo.xml
appstreamcli validate --no-net "$metainfo" >/dev/null || { appstreamcli validate --no-net "$metainfo"; fail "appstreamcli validate"; }
grep -q "<launchable type=\"desktop-id\">$(basename "$desktop")</launchable>" "$metainfo" || fail "metainfo launchable is not $(basename "$desktop")"
grep -q "<release version=\"$version\"" "$metainfo" || fail "metainfo has no release $version"
exec_bin=$(sed -n 's/^Exec=\([^ ]*\).*/\1/p' "$desktop")
[ -x "/usr/bin/$exec_bin" ] || [ -x "$exec_bin" ] || fail "Exec=$exec_bin is not installed"
icon=$(sed -n 's/^Icon=//p' "$desktop")
icons=$(grep "^/usr/share/icons/hicolor/.*/apps/$icon\.png$" "$work/files" || true)
[ -n "$icons" ] || fail "no icon named $icon installed"
for i in $icons; do
  [ -f "$i" ] || fail "$i is listed but missing"
  size=$(echo "$i" | sed -n 's|.*/hicolor/\([0-9]*\)x[0-9]*[^/]*/apps/.*|\1|p')
  scale=$(echo "$i" | sed -n 's|.*/hicolor/[0-9]*x[0-9]*@\([0-9]\)/apps/.*|\1|p')
  [ "$(identify -format '%w' "$i")" = "$(( size * ${scale:-1} ))" ] || fail "$i is $(identify -format '%wx%h' "$i"), not its folder's size"
done

step "apt-get remove: nothing of the package is left, user data stays"
DEBIAN_FRONTEND=noninteractive $sudo apt-get remove -y -qq panelshot >/dev/null
while read -r f; do
  [ -d "$f" ] && continue
  [ -e "$f" ] && fail "$f is left after removal"
done < "$work/files"
[ -f "$PANELSHOT_DATA_DIR/panelshot.db" ] || fail "the user's data went with the package"

step "the .rpm: files and Fedora dependency names"
files=$(rpm -qpl "$rpm" 2>/dev/null)
for f in /usr/bin/panelshot "$desktop" "$metainfo" /usr/share/icons/hicolor/128x128/apps/panelshot.png; do
  grep -qx "$f" <<<"$files" || fail "the rpm lacks $f"
done
requires=$(rpm -qpR "$rpm" 2>/dev/null)
grep -qx "webkit2gtk4.1" <<<"$requires" || fail "the rpm does not require Fedora's webkit2gtk4.1: $requires"
rpm_recommends=$(rpm -qp --recommends "$rpm" 2>/dev/null)
grep -q "chromium-headless" <<<"$rpm_recommends" || fail "the rpm does not recommend a browser: $rpm_recommends"

step "the panelshot-cli tarball"
mkdir "$work/cli"
tar -xzf "$tarball" -C "$work/cli"
cli="$work/cli/panelshot-cli-${version}-x86_64-linux/panelshot-cli"
[ -x "$cli" ] || fail "the tarball has no panelshot-cli"
grep -q "cron" "$work/cli/panelshot-cli-${version}-x86_64-linux/README.md" || fail "the tarball's README has no cron example"
! ldd "$cli" | grep -Eq 'webkit|gtk|soup' || fail "panelshot-cli links the desktop stack: $(ldd "$cli")"
PANELSHOT_TOKEN="$(cat "$work/token")" "$cli" export demo classic-overview --panel 4 --width 640 --height 360 -o "$work/cli.png" >/dev/null
[ "$(identify -format '%w %h' "$work/cli.png")" = "640 360" ] || fail "the tarball's CLI export"

step "all passed"
