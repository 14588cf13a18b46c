#!/usr/bin/env bash
# Installs the ONNX models listed in models/manifest.json and verifies each one's size and sha256.
#
#   models/install.sh [TARGET_DIR]
#
# TARGET_DIR: $VISAGE_MODELS_DIR, else <repo>/models/installed (git-ignored).
# Sources:
#   "shared" (YuNet): $VISAGE_YUNET_DIR if set, else $VISAGE_SHARED_DIR/models, else <repo>/../shared/models,
#                     else (none of those exists) the upstream URL recorded in the manifest, via curl.
#   "npm": the package tarball, fetched once with `npm pack` and cached under ~/.cache/visage/.
# A file already present with the right checksum is left alone. Any mismatch is an error: the bad file is
# removed and the script exits non-zero (re-running then installs a fresh copy). The manifest is copied into
# TARGET_DIR, where the worker reads it. Nothing is ever downloaded at service run time.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
manifest="$here/manifest.json"
target=${1:-${VISAGE_MODELS_DIR:-$root/models/installed}}
cache="${XDG_CACHE_HOME:-$HOME/.cache}/visage"

die() { echo "install.sh: ERROR: $*" >&2; exit 1; }
loud() { printf '\ninstall.sh: !!!!!!!! ERROR !!!!!!!!\ninstall.sh: %s\n\n' "$*" >&2; }
sha() { sha256sum "$1" | cut -d' ' -f1; }

# verify FILE SHA256 SIZE: silent when it matches, otherwise prints what is wrong and fails.
verify() {
  local got
  got=$(stat -c %s "$1")
  [ "$got" = "$3" ] || { echo "size $got bytes, manifest says $3"; return 1; }
  got=$(sha "$1")
  [ "$got" = "$2" ] || { echo "sha256 $got, manifest says $2"; return 1; }
}

command -v node >/dev/null || die "node is required (it ships with npm, which fetches the recognition models)"
mkdir -p "$target"
target=$(cd "$target" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# One tab-separated row per package and per model; "-" stands for an absent field.
rows=$(node -e '
  const m = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  for (const p of m.packages) console.log(["package", p.id, p.spec, p.tarball, p.sha256].join("\t"));
  for (const x of m.models) {
    const s = x.source;
    console.log(["model", x.name, x.file, x.sha256, x.size_bytes, s.type, s.path,
                 (s.upstream && s.upstream.url) || "-", s.package || "-"].join("\t"));
  }' "$manifest")

declare -A pkg_spec pkg_tarball pkg_sha pkg_dir
while IFS=$'\t' read -r kind id spec tarball sum; do
  [ "$kind" = package ] || continue
  pkg_spec[$id]=$spec; pkg_tarball[$id]=$tarball; pkg_sha[$id]=$sum
done <<<"$rows"

shared_dir=""
shared_resolved=0
# Prints the directory holding YuNet, or nothing when none of the candidate directories exists.
resolve_shared_dir() {
  if [ -n "${VISAGE_YUNET_DIR:-}" ]; then
    [ -d "$VISAGE_YUNET_DIR" ] || die "VISAGE_YUNET_DIR=$VISAGE_YUNET_DIR is not a directory"
    shared_dir=$VISAGE_YUNET_DIR
  elif [ -n "${VISAGE_SHARED_DIR:-}" ] && [ -d "$VISAGE_SHARED_DIR/models" ]; then
    shared_dir=$VISAGE_SHARED_DIR/models
  elif [ -d "$root/../shared/models" ]; then
    shared_dir=$(cd "$root/../shared/models" && pwd)
  fi
  shared_resolved=1
}

# Extracts package ID's tarball into $tmp (once), fetching it into the cache first if needed.
unpack_package() {
  local id=$1 tgz got
  [ -n "${pkg_dir[$id]:-}" ] && return
  [ -n "${pkg_spec[$id]:-}" ] || die "manifest: unknown package '$id'"
  tgz="$cache/${pkg_tarball[$id]}"
  if [ -f "$tgz" ] && [ "$(sha "$tgz")" != "${pkg_sha[$id]}" ]; then
    echo "install.sh: cached $tgz has the wrong sha256; fetching it again" >&2
    rm -f "$tgz"
  fi
  if [ ! -f "$tgz" ]; then
    command -v npm >/dev/null || die "npm is required to fetch ${pkg_spec[$id]}"
    echo "fetching ${pkg_spec[$id]} with npm pack"
    mkdir -p "$tmp/npm" "$cache"
    (cd "$tmp/npm" && npm pack --silent --ignore-scripts "${pkg_spec[$id]}" </dev/null >/dev/null) \
      || die "npm pack ${pkg_spec[$id]} failed"
    [ -f "$tmp/npm/${pkg_tarball[$id]}" ] || die "npm pack ${pkg_spec[$id]} did not produce ${pkg_tarball[$id]}"
    got=$(sha "$tmp/npm/${pkg_tarball[$id]}")
    if [ "$got" != "${pkg_sha[$id]}" ]; then
      loud "${pkg_spec[$id]} tarball has sha256 $got, manifest says ${pkg_sha[$id]}. Not installing from it."
      exit 1
    fi
    mv "$tmp/npm/${pkg_tarball[$id]}" "$tgz"
  fi
  mkdir -p "$tmp/pkg/$id"
  tar -xzf "$tgz" -C "$tmp/pkg/$id"
  pkg_dir[$id]="$tmp/pkg/$id"
}

failed=0
while IFS=$'\t' read -r kind name file sum size type path url package; do
  [ "$kind" = model ] || continue
  dest="$target/$file"
  if [ -e "$dest" ]; then
    if why=$(verify "$dest" "$sum" "$size"); then
      printf 'already present  %-44s %s\n' "$file" "$name"
    else
      rm -f "$dest"
      loud "$dest: $why. Removed it; run models/install.sh again to install a fresh copy."
      failed=1
    fi
    continue
  fi

  case "$type" in
    shared)
      [ "$shared_resolved" = 1 ] || resolve_shared_dir
      if [ -n "$shared_dir" ]; then
        src="$shared_dir/$(basename "$path")"
        [ -f "$src" ] || die "$src not found (shared models directory: $shared_dir)"
        from="$src"
      else
        [ "$url" != - ] || die "$file: no shared models directory and no upstream URL in the manifest"
        command -v curl >/dev/null || die "curl is required to download $file (no shared models directory found)"
        src="$tmp/$file.download"
        curl -fsSL --retry 3 -o "$src" "$url" </dev/null || die "download of $file from $url failed"
        from="$url"
      fi ;;
    npm)
      unpack_package "$package"
      src="${pkg_dir[$package]}/$path"
      [ -f "$src" ] || die "$path not found in ${pkg_spec[$package]}"
      from="${pkg_spec[$package]}:$path" ;;
    *) die "manifest: model $name has unknown source type '$type'" ;;
  esac

  cp "$src" "$dest.part"
  if why=$(verify "$dest.part" "$sum" "$size"); then
    mv -f "$dest.part" "$dest"
    printf 'installed        %-44s %s (from %s)\n' "$file" "$name" "$from"
  else
    rm -f "$dest.part"
    loud "$file from $from: $why. Removed it; not installed."
    failed=1
  fi
done <<<"$rows"

[ "$failed" = 0 ] || die "some models failed verification (see above)"
cmp -s "$manifest" "$target/manifest.json" || cp "$manifest" "$target/manifest.json"
echo "models ready in $target"
