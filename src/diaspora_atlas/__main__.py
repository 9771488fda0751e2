"""``python -m diaspora_atlas`` runs the command line."""

from .cli import main

raise SystemExit(main())
