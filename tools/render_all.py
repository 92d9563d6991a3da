"""Render every kind of document at every size through the command line, to look at (issue 13).

    python tools/render_all.py OUT [--sizes 10,300,1000] [--only quote,form] [--no-png] [--dpi 60]

Makes, in OUT:
- orders/: the orders it renders — VPN-only, auth-only and mixed at each size (a VPN order of N sites
  is one network of a parent and N-1 children spread over the 47 prefectures with every device and a
  varied set of options; an auth order of N is N clients, proxies and VPDNs over several units), and
  the change (iij-change/1) and cancellation (iij-cancel/1) orders on a contract of each size;
- pdf/: 御見積書 (quote), 申込書 (form), 変更申込書 (change-form), 解約申込書 (cancel-form) and
  解約に伴う費用のお見積り (cancel-quote) of each, in four variants: with the issuer (a data folder whose
  settings hold a full issuer with a 角印) or without (an empty data folder: --draft), each in
  西暦 and 和暦 (--wareki); every document dated --date 2026-12-02, priced with the sample price
  book plus a price for a lost device (亡失負担金);
- png/: each page at --dpi (pdftoppm -png), unless --no-png;
- index.txt: one line a PDF (pages, size, the exit code and what the command said) and the pages
  to look at first (first, middle, last; every page of a document of up to 4 pages).

Everything goes through `python -m configurator`, as a user would run it; a command that fails is
listed in index.txt with its message and the run goes on. Exit 1 when any command failed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.helpers.sized_orders import orders  # noqa: E402  (the repository's root on the path first)

DATE = "2026-12-02"
NUMBER = "Q-2026-000123-R1"

ISSUER = {
    "company": "株式会社インターネットイニシアティブ",
    "address": "東京都千代田区富士見2-10-2 飯田橋グラン・ブルーム",
    "phone": "03-5205-6500",
    "person": "営業部 佐藤 花子",
    "registration_number": "T7000012050002",
}

KINDS = {"order": ("quote", "form"), "change": ("change-form",), "cancel": ("cancel-form", "cancel-quote")}


def seal_png(path: Path) -> None:
    """A red square company seal (角印) as a PNG, as a salesperson's settings would give."""
    from PIL import Image, ImageDraw

    img = Image.new("RGBA", (240, 240), (255, 255, 255, 0))
    draw = ImageDraw.Draw(img)
    red = (200, 30, 40, 255)
    draw.rectangle((8, 8, 231, 231), outline=red, width=14)
    draw.rectangle((40, 40, 199, 199), outline=red, width=6)
    draw.line((40, 120, 199, 120), fill=red, width=6)
    draw.line((120, 40, 120, 199), fill=red, width=6)
    img.save(path)


def data_folders(out: Path) -> dict[str, Path]:
    with_issuer = out / "data-issuer"
    without = out / "data-none"
    for d in (with_issuer, without):
        d.mkdir(parents=True, exist_ok=True)
    seal_png(with_issuer / "seal.png")
    settings = {"issuer": {**ISSUER, "seal_image": str(with_issuer / "seal.png")}}
    (with_issuer / "settings.json").write_text(json.dumps(settings, ensure_ascii=False), encoding="utf-8")
    (without / "settings.json").write_text("{}", encoding="utf-8")
    return {"issuer": with_issuer, "none": without}


def price_book(out: Path) -> Path:
    """The sample price book with a price for a lost device (亡失負担金), which it lacks: the
    cancellation documents then show the charge as a customer would get it."""
    book = json.loads((ROOT / "resources" / "pricebooks" / "sample.json").read_text(encoding="utf-8"))
    book["rows"].append({"service": "vpn", "charge": "lost_device", "one_time": 80000, "unit": "台"})
    path = out / "pricebook-with-lost-device.json"
    path.write_text(json.dumps(book, ensure_ascii=False), encoding="utf-8")
    return path


def pages_to_look_at(pages: int) -> list[int]:
    if pages <= 4:
        return list(range(1, pages + 1))
    return sorted({1, 2, (pages + 1) // 2, pages - 1, pages})


def pdf_pages(path: Path) -> int:
    res = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=False)
    for line in res.stdout.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path, help="folder for the orders, PDFs and PNGs (emptied first)")
    ap.add_argument("--sizes", default="10,300,1000", help="site counts, comma-separated")
    ap.add_argument("--only", default="", help="document kinds, comma-separated (default: all five)")
    ap.add_argument("--orders", default="", help="order names to render, e.g. vpn-10,cancel-300")
    ap.add_argument("--variants", default="issuer,none,issuer-wareki,none-wareki")
    ap.add_argument("--no-png", action="store_true")
    ap.add_argument("--dpi", type=int, default=60)
    args = ap.parse_args(argv)

    out: Path = args.out
    if out.exists():
        shutil.rmtree(out)
    for sub in ("orders", "pdf", "png"):
        (out / sub).mkdir(parents=True)
    folders = data_folders(out)
    book = price_book(out)
    only = set(filter(None, args.only.split(",")))
    wanted = set(filter(None, args.orders.split(",")))
    variants = [v for v in args.variants.split(",") if v]
    index: list[str] = []
    failed = 0
    for name, (feeds, doc) in orders([int(s) for s in args.sizes.split(",")]).items():
        if wanted and name not in wanted:
            continue
        src = out / "orders" / f"{name}.json"
        src.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
        for kind in KINDS[feeds]:
            if only and kind not in only:
                continue
            for variant in variants:
                issuer, _, wareki = variant.partition("-")
                pdf = out / "pdf" / f"{kind}-{name}-{variant}.pdf"
                cmd = [
                    sys.executable,
                    "-m",
                    "configurator",
                    "--data-dir",
                    str(folders[issuer]),
                    kind,
                    str(src),
                ]
                cmd += ["-o", str(pdf), "--date", DATE, "--number", NUMBER, "--price-book", str(book)]
                cmd += ["--wareki"] if wareki else []
                cmd += ["--draft"] if issuer == "none" else []
                started = time.perf_counter()
                res = subprocess.run(
                    cmd, capture_output=True, text=True, cwd=ROOT, env={**os.environ}, check=False
                )
                took = time.perf_counter() - started
                said = " ".join((res.stderr or res.stdout).split())[:300]
                if res.returncode != 0 or not pdf.exists():
                    failed += 1
                    index.append(f"FAILED {pdf.name}: exit {res.returncode} {said}")
                    continue
                pages = pdf_pages(pdf)
                look = pages_to_look_at(pages)
                index.append(
                    f"{pdf.name}: {pages} pages, {pdf.stat().st_size // 1024} KB, {took:.1f} s;"
                    f" look at {look}" + (f"; said: {said}" if said else "")
                )
                if not args.no_png:
                    subprocess.run(
                        ["pdftoppm", "-r", str(args.dpi), "-png", str(pdf), str(out / "png" / pdf.stem)],
                        check=True,
                    )
                print(index[-1], flush=True)
    (out / "index.txt").write_text("\n".join(index) + "\n", encoding="utf-8")
    print(f"{len(index) - failed} PDFs made, {failed} failed; see {out / 'index.txt'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
