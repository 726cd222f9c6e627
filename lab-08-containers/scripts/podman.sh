# Sourced by the lab's container scripts. use_podman DIR sets `podman` (an array) to Podman as it runs on a
# locked-down Linux host such as the course's CI: with runc when it is installed (crun fails there on hybrid
# cgroups), and without a default open-files limit, which such a host may not let a container raise
# ("setrlimit RLIMIT_NOFILE: Operation not permitted"). DIR holds the containers.conf that says so.
use_podman() {
  printf '[containers]\ndefault_ulimits = []\n' > "$1/containers.conf"
  export CONTAINERS_CONF="$1/containers.conf"
  podman=(podman)
  if command -v runc >/dev/null || [ -x /usr/sbin/runc ]; then
    podman+=(--runtime runc)
  fi
}
