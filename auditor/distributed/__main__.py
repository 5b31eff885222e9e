import sys

from auditor.distributed.command import main

sys.exit(main())
