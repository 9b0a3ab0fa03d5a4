"""``python -m scoring`` runs the gscore command line."""

from scoring.cli import main

main()
