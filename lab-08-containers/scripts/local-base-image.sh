#!/usr/bin/env bash
# Makes a base image for the container tests without any registry: Debian from its package mirror (mmdebstrap) and
# a Java runtime cut from the JDK that runs the build (jlink), saved as a Docker archive that Jib reads with
# tar://. A learner's image uses a public JRE image instead (see the README); this one only lets the tests build the
# same image offline.
#
#   scripts/local-base-image.sh OUTPUT.tar
#
# Needs mmdebstrap and podman (Debian: apt-get install mmdebstrap podman runc). The image is cached under
# ~/.cache/pets-course, keyed by the JDK's version and this script, and linked from OUTPUT.tar; the first run takes
# about a minute, later ones a second.
set -euo pipefail

output="${1:?usage: $0 OUTPUT.tar}"
java_home="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
for tool in mmdebstrap podman "$java_home/bin/jlink"; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "local-base-image: $tool is missing. On Debian or Ubuntu: sudo apt-get install mmdebstrap podman runc" >&2
    exit 1
  fi
done

java_version="$("$java_home/bin/java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.runtime.version/ {print $2}')"
key="$(printf '%s\n' "$java_version" "$(cat "$0")" | sha256sum | cut -c1-12)"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/pets-course"
cached="$cache/base-jre-$key.tar"

if [ ! -s "$cached" ]; then
  echo "local-base-image: building the offline base image (Debian bookworm + Java $java_version), once"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  # The modules of a JRE image: Java SE, and the JDK modules a server uses (Unsafe, JMX extras, zip file system).
  "$java_home/bin/jlink" --add-modules java.se,jdk.unsupported,jdk.management,jdk.zipfs,jdk.net,jdk.crypto.ec,jdk.charsets,jdk.localedata \
    --strip-debug --no-man-pages --no-header-files --output "$work/jre"
  mmdebstrap --quiet --variant=minbase --include=ca-certificates \
    --customize-hook="mkdir -p \"\$1/opt/java\" && cp -a '$work/jre' \"\$1/opt/java/openjdk\"" \
    bookworm "$work/rootfs.tar"
  image="localhost/pets-course-base:$key"
  podman import --quiet \
    --change 'ENV JAVA_HOME=/opt/java/openjdk' \
    --change 'ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    "$work/rootfs.tar" "$image" >/dev/null
  mkdir -p "$cache"
  podman save --quiet --format docker-archive -o "$work/base.tar" "$image"
  mv "$work/base.tar" "$cached"
fi
mkdir -p "$(dirname "$output")"
ln -sf "$cached" "$output"
echo "local-base-image: $output (from $cached)"
