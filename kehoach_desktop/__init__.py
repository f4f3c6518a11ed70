"""KeHoach Desktop — lập và theo dõi kế hoạch của văn phòng cấp ủy."""

import time as _time

# Taken as early as possible so `--smoke` can report start-up time from here.
STARTED_AT = _time.perf_counter()

__version__ = "0.1.0"
APP_NAME = "KeHoach Desktop"
ORG_NAME = "KeHoach"
