"""`python -m briefgen ...`: the same commands as generate.py and `briefgen`."""
from .cli import main

if __name__ == "__main__":
    main(prog_name="python -m briefgen")
