# Shared by scripts/creator-kit and scripts/run-tests (sourced, not run).
# Sets up the project's own virtual environment in .venv, so the commands work where the
# system Python refuses `pip install` (PEP 668: Debian 12, Ubuntu 24.04) as well as with a
# python.org or pyenv Python. Debian packages are installed as root (or through sudo),
# with `apt-get update` first, only when something is missing: running twice changes nothing.

PROJECT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV_DIR="${CREATOR_KIT_VENV:-$PROJECT_DIR/.venv}"

apt_install() {
    # apt_install PACKAGE...: install Debian packages, updating the package lists first.
    local as_root=()
    [ "$(id -u)" -eq 0 ] || as_root=(sudo)
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "error: missing system packages: $* (install them with your package manager)" >&2
        return 1
    fi
    echo "installing system packages: $*" >&2
    "${as_root[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

find_python() {
    # The first Python 3.10+ on PATH.
    local candidate
    for candidate in python3 python3.13 python3.12 python3.11 python3.10 python; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
            command -v "$candidate"
            return 0
        fi
    done
    echo "error: creator-kit needs Python 3.10 or newer (python3 on PATH)" >&2
    return 1
}

ensure_venv() {
    # ensure_venv EXTRAS: .venv with the package installed editable with EXTRAS ("" or "test");
    # reinstalled only when pyproject.toml or the extras changed (an install with the test extras
    # serves a plain run too). When nothing changed this returns at once: every command pays it.
    local extras="$1" python stamp wanted installed
    stamp="$VENV_DIR/.creator-kit-installed"
    wanted="$(sha256sum <"$PROJECT_DIR/pyproject.toml" | cut -d' ' -f1)"
    installed="$(cat "$stamp" 2>/dev/null || true)"
    if [ -x "$VENV_DIR/bin/python" ] &&
        { [ "$installed" = "$wanted [$extras]" ] || { [ -z "$extras" ] && [ "$installed" = "$wanted [test]" ]; }; }; then
        return 0
    fi
    python="$(find_python)" || return 1
    if [ ! -x "$VENV_DIR/bin/python" ]; then
        if ! "$python" -c 'import ensurepip, venv' 2>/dev/null; then
            apt_install python3-venv || return 1
        fi
        "$python" -m venv "$VENV_DIR" || { rm -rf "$VENV_DIR"; return 1; }
    fi
    local spec="$PROJECT_DIR"
    [ -n "$extras" ] && spec="$PROJECT_DIR[$extras]"
    "$VENV_DIR/bin/python" -m pip install --quiet --disable-pip-version-check -e "$spec" || return 1
    # Byte-compile the package (pip does so for a regular install, not for an editable one): with
    # PYTHONDONTWRITEBYTECODE set, every start would otherwise recompile it (a tenth of preview's time).
    "$VENV_DIR/bin/python" -m compileall -q "$PROJECT_DIR/creator_kit" >/dev/null || return 1
    echo "$wanted [$extras]" >"$stamp"
}

needs_alignment() {
    # needs_alignment ARGS...: whether a creator-kit command line aligns speech: the `align` command, or a
    # script or folder it names holding a plain-text `captions:` file or a scene's `voice:`.
    [ "${1:-}" = align ] && return 0
    local argument
    for argument in "${@:2}"; do
        if [ -e "$argument" ] &&
            grep -rqsE --include='*.yaml' --include='*.yml' --include='*.json' \
                '(captions"?[[:space:]]*:[[:space:]]*"?[^[:space:]]+\.txt|voice"?[[:space:]]*:)' "$argument"; then
            return 0
        fi
    done
    return 1
}
