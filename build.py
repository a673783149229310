"""Build the hepkit site: `python build.py --help` lists the commands."""
import sys

from hepkit.cli import main

if __name__ == "__main__":
    sys.exit(main())
