"""`python -m workbench.cli`: the same as the `workbench` command."""

from workbench.cli import main

# Guarded: compare's worker processes import this module under another name and
# must not start the CLI again.
if __name__ == "__main__":
    main()
