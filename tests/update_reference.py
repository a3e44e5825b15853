"""Rebuild tests/reference/factsheet.ar.png from a fresh build (after an intended change)."""
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from conftest import ISSUED, ROOT  # noqa: E402
from test_reference_image import REFERENCE, rasterise  # noqa: E402

with tempfile.TemporaryDirectory() as reports:
    subprocess.run([sys.executable, str(ROOT / "generate.py"), "build", "--audience", "press",
                    "--doc", "factsheet", "--lang", "ar", "--issued", ISSUED, "--reports", reports], check=True)
    rasterise(Path(reports) / "qatar-nato" / "press" / "factsheet.ar.pdf").save(REFERENCE)
print(f"wrote {REFERENCE}")
