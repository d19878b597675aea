# Shared by the benchmark scripts (sourced, not run): the synthetic site's scales, logging,
# Debian tools installed when missing, and a scratch folder in memory.

# The `bulletin synth` arguments of a scale: small, medium or large.
synth_args() {
  case "$1" in
    small) echo "--provinces 34 --years 2 --indicators 24 --bulletins 200" ;;
    medium) echo "--provinces 34 --years 10 --indicators 24 --bulletins 2000" ;;
    large) echo "--provinces 97 --years 10 --indicators 24 --bulletins 6000" ;;
    *) return 1 ;;
  esac
}

log() { printf '\n== %s\n' "$*" >&2; }

# Installs the named Debian packages whose program is missing (`time` is GNU time).
install_missing() {
  local missing=() tool
  for tool in "$@"; do
    if [ "$tool" = time ]; then
      [ -x /usr/bin/time ] || missing+=(time)
    else
      command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
    fi
  done
  if ((${#missing[@]})); then
    log "installing ${missing[*]} from Debian"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# A new scratch folder, in memory when /dev/shm is there, so the disk does not dominate.
scratch_dir() {
  if [ -d /dev/shm ] && [ -w /dev/shm ]; then
    mktemp -d "/dev/shm/$1.XXXXXX"
  else
    mktemp -d
  fi
}
