"""`python -m educonnect_conformance`: the same as the `educonnect-conformance` command."""
import sys

from .command import main

sys.exit(main())
