"""``python -m storyfold``: the same command line as ``storyfold``."""

from storyfold.cli import main

if __name__ == "__main__":
    main(prog_name="storyfold")
