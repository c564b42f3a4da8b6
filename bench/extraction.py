"""Document text extraction throughput: pages per second through the bounded extractor.

    .venv/bin/python bench/extraction.py [--documents 20] [--pages 12]

Generates PDFs with the demo PDF writer, then times `meetings.extraction.extract()`
(a child process per document, as the task worker runs it) and pypdf in-process for
comparison, so the cost of the safety bounds is visible side by side.
"""

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pypdf import PdfReader  # noqa: E402

from meetings.demo.pdf import make_pdf  # noqa: E402
from meetings.extraction import extract  # noqa: E402

WORDS = (
    "The Panel reviewed the Commissioner's proposed precept and the medium-term financial "
    "plan, asked about reserves, response times in rural areas and the victims' hub, and "
    "agreed to report its comments to the Commissioner before the budget is set."
)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=20)
    parser.add_argument("--pages", type=int, default=12)
    args = parser.parse_args()

    pdf = make_pdf([f"Page {n}\n\n" + "\n\n".join([WORDS] * 6) for n in range(args.pages)])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.pdf"
        path.write_bytes(pdf)

        bounded, direct = [], []
        for _ in range(args.documents):
            started = time.perf_counter()
            pages = extract(path).pages
            bounded.append(time.perf_counter() - started)
            assert len(pages) == args.pages

            started = time.perf_counter()
            reader = PdfReader(io.BytesIO(pdf))
            [page.extract_text() for page in reader.pages]
            direct.append(time.perf_counter() - started)

    total_pages = args.documents * args.pages
    print(f"{args.documents} documents x {args.pages} pages ({len(pdf) / 1024:.0f} KiB each)")
    print(f"{'path':<28}{'median s/doc':>14}{'pages/s':>10}")
    for name, times in (("bounded child process", bounded), ("pypdf in-process", direct)):
        print(f"{name:<28}{statistics.median(times):>14.3f}{total_pages / sum(times):>10.0f}")
    print(f"cost of the bounds: x{sum(bounded) / sum(direct):.1f}")


if __name__ == "__main__":
    main()
