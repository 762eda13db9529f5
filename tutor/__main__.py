"""`python -m tutor` runs the command line, for environments without the console script."""

from tutor.cli import main

main()
