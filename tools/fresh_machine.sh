#!/usr/bin/env bash
# Prove the README's two commands on a bare Debian 12: build a minimal bookworm system
# with debootstrap (--variant=minbase: what a fresh container or server image has, no
# compiler), clone this repository into it at REF, and run there, as root in a chroot,
#
#   bash tools/setup.sh && build/clustersim run scenarios/gumi-baseline.yaml -o runs/gumi-baseline.h5 --force
#   bash tools/setup.sh && ctest --test-dir build --output-on-failure -j 2
#
# exactly as README.md gives them. It also lists what tools/setup.sh installed on top of
# the bare system (WORK/packages-added.txt). Needs root, network access to a Debian
# mirror and about 3 GB in WORK; on 2 cores it takes about an hour (the test suite runs
# twice more under the sanitizers).
#
#   sudo bash tools/fresh_machine.sh                  # WORK=/var/tmp/clustersim-fresh, REF=HEAD
#   sudo bash tools/fresh_machine.sh WORK REF
#   CSIM_DEBIAN_MIRROR=http://ftp.de.debian.org/debian sudo -E bash tools/fresh_machine.sh
#
# The chroot gets /proc, /sys and /dev (without /dev/pts, so tests that need a terminal
# show that they skip where none can be opened). Exit 0 when both commands succeeded;
# the log of each is WORK/command1.log and WORK/command2.log.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mkdir -p "${1:-/var/tmp/clustersim-fresh}" && cd "${1:-/var/tmp/clustersim-fresh}" && pwd)"
ref="${2:-HEAD}"
mirror="${CSIM_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
root="$work/root"

say() { echo "fresh_machine: $*" >&2; }
if [ "$(id -u)" -ne 0 ]; then
    say "run as root (debootstrap and chroot need it)"
    exit 2
fi
commit="$(git -C "$here" rev-parse --verify "$ref^{commit}")" || {
    say "'$ref' is not a commit of $here"
    exit 2
}

# The bare system, made once and kept as a tarball so that a second proof starts clean.
if [ ! -f "$work/minbase.tar" ]; then
    if ! command -v debootstrap >/dev/null 2>&1; then
        say "installing debootstrap"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
    fi
    say "debootstrap --variant=minbase bookworm from $mirror"
    rm -rf "$work/minbase"
    debootstrap --variant=minbase bookworm "$work/minbase" "$mirror" >"$work/debootstrap.log" 2>&1
    tar -C "$work/minbase" -cf "$work/minbase.tar" .
    rm -rf "$work/minbase"
fi

mounted=()
cleanup() {
    for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
        umount -l "${mounted[i]}" 2>/dev/null || true
    done
}
trap cleanup EXIT

rm -rf "$root"
mkdir -p "$root"
tar -C "$root" -xf "$work/minbase.tar"
chroot "$root" dpkg-query -W -f '${Package}\n' | sort >"$work/packages-minbase.txt"

git clone --quiet --no-hardlinks "$here" "$root/root/clustersim"
git -C "$root/root/clustersim" checkout --quiet --detach "$commit"
say "repository at $commit"

cp /etc/resolv.conf "$root/etc/resolv.conf"
for fs in proc sys dev; do
    case "$fs" in
    proc) mount -t proc proc "$root/proc" ;;
    sys) mount -t sysfs sysfs "$root/sys" ;;
    dev) mount --bind /dev "$root/dev" ;; # not recursive: no /dev/pts
    esac
    mounted+=("$root/$fs")
done

# The README's commands, word for word, in a login-like environment.
readme_cmd() {
    sed -n '/^```sh$/,/^```$/p' "$root/root/clustersim/README.md" | grep -v '^```' | sed -n "${1}p"
}
status=0
for n in 1 2; do
    cmd="$(readme_cmd "$n")"
    say "command $n: $cmd (log: $work/command$n.log)"
    start=$(date +%s)
    if chroot "$root" /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        bash -c "cd /root/clustersim && $cmd" >"$work/command$n.log" 2>&1; then
        say "command $n: ok in $(($(date +%s) - start)) s"
    else
        say "command $n: FAILED after $(($(date +%s) - start)) s; the end of its log:"
        tail -40 "$work/command$n.log" >&2
        status=1
    fi
done

chroot "$root" dpkg-query -W -f '${Package}\n' | sort >"$work/packages-after.txt"
comm -13 "$work/packages-minbase.txt" "$work/packages-after.txt" >"$work/packages-added.txt"
say "tools/setup.sh added $(wc -l <"$work/packages-added.txt") packages to the bare system" \
    "($work/packages-added.txt)"
exit "$status"
