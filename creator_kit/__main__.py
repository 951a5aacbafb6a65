"""`python -m creator_kit` and the `creator-kit` command: stop signals are handled from the first moment,
before the command line's modules are imported (a Ctrl-C then is a clean exit 130 too, not a traceback)."""

import sys

from creator_kit.errors import Interrupted
from creator_kit.processes import install_stop_handlers


def run() -> None:
    install_stop_handlers()
    try:
        from creator_kit.cli import main
    except Interrupted as stopped:
        print(stopped, file=sys.stderr)
        sys.exit(stopped.exit_code)
    main()


if __name__ == "__main__":
    run()
