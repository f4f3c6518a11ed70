"""Qt-free domain core: text, dates, document numbers, citations, models."""
