"""Bundle entry point of `CareMatch`: the desktop window, started by a double click."""

import sys

from carematch.cli.main import main

raise SystemExit(main(sys.argv[1:]))
