"""`python -m smm_promote` runs the command line."""

from smm_promote.cli import main

main()
