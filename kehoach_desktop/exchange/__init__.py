"""Exchange between levels without a network (Qt-free).

Plans go down and progress comes back up as files that travel by USB, e-mail or
chat: :mod:`.container` (the zip with a versioned, hashed manifest, read as hostile
input), :mod:`.plan_bundle` (send an issued plan), :mod:`.receive` (register a plan
from above, write the receipt), :mod:`.progress_up` (roll our tasks up per upstream
task), :mod:`.consolidate` (take many files, the matrix) and :mod:`.report` (the
Báo cáo tổng hợp). The format is documented in docs/exchange-format.md.
"""
