#!/usr/bin/env python3
"""Writes each example answer of the seed API documents to its own file, named after its endpoint.

Run from tests/data: ./extract_seed_examples.py. The seeds themselves are copied beside it in seeds/.
"""
import re
from pathlib import Path

here = Path(__file__).parent
meta = (here / "seeds/metaexchange-api.txt").read_text().splitlines()
endpoint = None
for i, line in enumerate(meta):
    m = re.search(r"https://metaexchange\.info/api/(\d)/(\w+)", line)
    if m:
        endpoint = f"v{m.group(1)}-{m.group(2)}"
    if line.strip() == "Results:":
        body = next(l for l in meta[i + 1:] if l.strip())
        (here / f"metaexchange/seed-{endpoint}.json").write_text(body + "\n")

gox = (here / "seeds/mtgox-api-v1.txt").read_text()
ticker = gox[gox.index("{", gox.index("returns the current ticker")):gox.index("note : last_local")]
# The seed's ticker example lost the envelope's closing brace; it is restored here, nothing else changed.
(here / "mtgox/seed-ticker.json").write_text(ticker.rstrip() + "\n}\n")
start = gox.index("{", gox.index("example of returned data"))
(here / "mtgox/seed-trade.json").write_text(gox[start:gox.index("}", start) + 1] + "\n")
