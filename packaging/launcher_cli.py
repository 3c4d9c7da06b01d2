"""Bundle entry point of `carematch`: the command line (and the window when no subcommand is given)."""

from carematch.cli.main import main

raise SystemExit(main())
