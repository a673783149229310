"""Build the hepkit site: `python build.py --help` lists the commands."""
import sys

try:
    from hepkit.cli import main
except ImportError as missing:  # run with a Python that lacks hepkit's packages (outside .venv)
    sys.exit(f"hepkit needs {missing.name or 'its packages'}, which this Python does not have.\n"
             "Run it with the project's own Python: .venv/bin/python build.py\n"
             "(first time: python3 -m venv .venv && .venv/bin/pip install -r requirements.txt)")

if __name__ == "__main__":
    sys.exit(main())
