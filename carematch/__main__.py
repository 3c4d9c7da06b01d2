from carematch.cli.main import main

raise SystemExit(main())
