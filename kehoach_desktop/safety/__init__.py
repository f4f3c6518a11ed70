"""Data safety (Qt-free): hostile input files, backups, recovery, the one-writer lock, secrecy marks."""
