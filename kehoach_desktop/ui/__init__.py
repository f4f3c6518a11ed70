"""The Qt GUI: a thin layer over the Qt-free core (imports go ui → core only)."""
