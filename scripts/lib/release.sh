# Sourced by scripts/static, scripts/pgo and scripts/bench: how a release binary is built.
#
# On Linux with glibc (x86-64, AArch64) a release binary is linked statically and
# position-dependent: `-C target-feature=+crt-static -C relocation-model=static`, built for the
# host triple named with `--target` so that cargo applies those flags to cardgen and its
# libraries but not to build scripts and proc-macros (which cannot be static). Such a binary
# starts without the dynamic loader: no libraries to find, map and bind (libc, libm, libgcc_s),
# about 60 fewer page faults. `CARDGEN_STATIC=0` builds the ordinary dynamic binary instead.

host_triple() { rustc -vV | awk '/^host:/ { print $2 }'; }

# The flags for a static build on this host, or nothing where it is not supported.
static_rustflags() {
  [ "${CARDGEN_STATIC:-1}" = 0 ] && return 0
  case "$(host_triple)" in
    x86_64-unknown-linux-gnu | aarch64-unknown-linux-gnu)
      echo "-C target-feature=+crt-static -C relocation-model=static" ;;
  esac
}

# release_build TARGET_DIR [RUSTFLAGS...]: build the release binaries into TARGET_DIR (static
# where supported, with any extra RUSTFLAGS given) and print the path of `cardgen`.
release_build() {
  local dir=$1
  shift
  local flags triple
  flags=$(static_rustflags)
  if [ -n "$flags" ]; then
    triple=$(host_triple)
    RUSTFLAGS="$* $flags" cargo build --release --locked --quiet --target "$triple" --target-dir "$dir"
    echo "$dir/$triple/release/cardgen"
  else
    RUSTFLAGS="$*" cargo build --release --locked --quiet --target-dir "$dir"
    echo "$dir/release/cardgen"
  fi
}
