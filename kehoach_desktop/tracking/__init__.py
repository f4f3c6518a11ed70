"""Task tracking (Qt-free): statuses, reporting periods, progress, Excel sheets out and
back in, dashboard figures, the progress report and reminders."""
