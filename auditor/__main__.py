"""`python -m auditor` is the `auditor` command."""
import sys

from auditor.cli import main

sys.exit(main())
