"""`python -m flows ...` is `mfa-watch ...`."""

from flows.cli import main

main()
