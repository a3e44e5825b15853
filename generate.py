#!/usr/bin/env python3
"""Entry point: python generate.py [build|check] --help"""
from briefgen.cli import main

if __name__ == "__main__":
    main(prog_name="generate.py")
