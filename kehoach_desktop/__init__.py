"""KeHoach Desktop — lập và theo dõi kế hoạch của văn phòng cấp ủy."""

__version__ = "0.1.0"
APP_NAME = "KeHoach Desktop"
ORG_NAME = "KeHoach"
