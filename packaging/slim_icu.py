"""Trim PySide6's bundled ICU data library (libicudata.so.NN) to what a Chinese/English Qt program uses.

The Linux PySide6 wheels ship ICU with all of its data compiled into one 32 MB shared library: a
"common data" package exported as the symbol ``icudtNN_dat``. Qt calls only a few ICU services (the
ICU symbols libQt6Core imports are ucol_* collation, ucnv_* codecs, ucal_* time-zone names and
u_strToUpper/u_strToLower), so most of that package is never read. This module takes the package
out of the library, removes items with ICU's own ``icupkg`` (which refuses to leave a kept item
pointing at a removed one) and links a new library with the same soname and the same data symbol,
so the wheel's libicuuc/libicui18n load it unchanged.

Linux only: the Windows PySide6 wheels have no libicudata; Qt there uses the ICU built into
Windows (icu.dll), and macOS Qt uses the system's libicucore. Nothing to trim on those platforms.

Tools needed at build time: icupkg (Debian package icu-devtools), as and ld (binutils),
pyelftools (Python, dev dependency).

    python packaging/slim_icu.py PATH/TO/libicudata.so.73     # rewrites it, prints sizes
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from elftools.elf.dynamic import DynamicSection
from elftools.elf.elffile import ELFFile
from elftools.elf.sections import SymbolTableSection

# Locales kept in every tree: the program's two languages and the parents ICU falls back through
# (zh_CN is an alias of zh_Hans_CN; zh_Hans_CN -> zh_Hans -> zh -> root; en_US -> en -> root).
KEPT_LOCALES = frozenset({"root", "en", "en_US", "zh", "zh_CN", "zh_Hans", "zh_Hans_CN"})

# Whole trees of services Qt never calls (it imports no ubrk_, utrans_, unum_, ucurr_ or
# uloc_getDisplay* symbols): break iteration (QTextBoundaryFinder and text layout use Qt's own
# Unicode break tables), transliteration, spelled-out numbers, and the display names of currencies,
# languages, regions and units (QLocale formats those from Qt's own CLDR tables).
DROPPED_TREES = frozenset({"brkitr", "translit", "rbnf", "curr", "lang", "region", "unit"})

# Top-level items only read by ICU services Qt never calls: character names (u_charName), the
# spoof checker's confusables and the StringPrep profiles (usprep, IDNA2003; QUrl has its own IDNA).
DROPPED_ITEMS = re.compile(r"unames\.icu|confusables\.cfu|.*\.spp")

# Table converters kept (.cnv items; UTF-8/16/32, Latin-1, ASCII, HZ and ISO-2022 are code, not
# data). Chinese: GB18030, GBK/cp936 (windows-936-2000, also used by HZ), GB2312/EUC-CN (ibm-1383),
# ISO-2022-CN's GB2312 and CNS 11643 planes, Big5 (windows-950-2000), cp950, Big5-HKSCS (ibm-1375).
# windows-936/950 and cp950 are extensions of ibm-1386 and ibm-1373 (icupkg checks such needs).
# English: windows-1252 (ibm-5348) and ISO-8859-15 (ibm-923).
KEPT_CONVERTERS = frozenset(
    {
        "gb18030",
        "windows-936-2000",
        "ibm-1386_P100-2001",
        "ibm-1373_P100-2002",
        "ibm-1383_P110-1999",
        "ibm-5478_P100-1995",
        "cns-11643-1992",
        "windows-950-2000",
        "ibm-950_P110-1999",
        "ibm-1375_P100-2008",
        "ibm-5348_P100-1997",
        "ibm-923_P100-1998",
    }
)

# A locale-named item: "zh_Hans_CN", "de__PHONEBOOK", "root" (data items are named like
# "supplementalData", "pool", "zoneinfo64", which this does not match).
_LOCALE_NAME = re.compile(r"root|[a-z]{2,3}(_[A-Za-z0-9]*)*")
_DATA_SYMBOL = re.compile(r"icudt(\d+)_dat")


class SlimIcuError(RuntimeError):
    """The ICU library cannot be trimmed: a tool is missing or the file is not what we expect."""


def is_kept(item: str) -> bool:
    """Whether an item of the ICU package (e.g. "coll/zh.res", "gb18030.cnv") stays."""
    tree, _, name = item.rpartition("/")
    stem, _, extension = name.rpartition(".")
    if tree.split("/")[0] in DROPPED_TREES or DROPPED_ITEMS.fullmatch(name):
        return False
    if extension == "cnv":
        return stem in KEPT_CONVERTERS
    if extension == "res" and _LOCALE_NAME.fullmatch(stem):
        return stem in KEPT_LOCALES
    return True  # index, alias, pool, supplemental, normalization, collation root (ucadata), ...


def _tool(name: str) -> str:
    # Debian installs icupkg in /usr/sbin, which is not on an ordinary user's PATH.
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/local/sbin")
    if not found:
        package = "icu-devtools" if name == "icupkg" else "binutils"
        raise SlimIcuError(f"{name} not found: install the Debian package {package}")
    return found


def _run(*command: str) -> str:
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise SlimIcuError(f"{' '.join(command)} failed ({result.returncode}):\n{result.stderr.strip()}")
    return result.stdout


def read_common_data(library: Path) -> tuple[str, str, bytes]:
    """(soname, data symbol name, ICU common-data package bytes) of an ICU data library."""
    with library.open("rb") as file:
        elf = ELFFile(file)
        dynamic = elf.get_section_by_name(".dynamic")
        symbols = elf.get_section_by_name(".dynsym")
        if not isinstance(dynamic, DynamicSection) or not isinstance(symbols, SymbolTableSection):
            raise SlimIcuError(f"{library} is not a shared library")
        # pyelftools attaches .soname to DT_SONAME tags at run time; its type hints do not say so.
        sonames = [tag.soname for tag in dynamic.iter_tags("DT_SONAME")]  # type: ignore[attr-defined]
        exported = [
            s for s in symbols.iter_symbols() if _DATA_SYMBOL.fullmatch(s.name) and s["st_shndx"] != "SHN_UNDEF"
        ]
        if len(sonames) != 1 or len(exported) != 1:
            raise SlimIcuError(f"{library}: expected one soname and one icudtNN_dat symbol")
        symbol = exported[0]
        offsets = list(elf.address_offsets(symbol["st_value"], symbol["st_size"]))
        if len(offsets) != 1:
            raise SlimIcuError(f"{library}: {symbol.name} is not stored in the file")
        file.seek(offsets[0])
        data = file.read(symbol["st_size"])
    version = _DATA_SYMBOL.fullmatch(symbol.name).group(1)  # type: ignore[union-attr]
    if not sonames[0].startswith("libicudata.so.") or sonames[0].split(".")[2] != version:
        raise SlimIcuError(f"{library}: soname {sonames[0]} does not match {symbol.name}")
    # An ICU data header: magic 0xda27, then little-endian, ASCII, data format "CmnD" (a package).
    if data[2:4] != b"\xda\x27" or data[8] != 0 or data[9] != 0 or data[12:16] != b"CmnD":
        raise SlimIcuError(f"{library}: {symbol.name} is not a little-endian ICU common-data package")
    return sonames[0], symbol.name, data


def link_data_library(data: bytes, soname: str, symbol: str, output: Path, work: Path) -> None:
    """Link a shared library exporting `data` as `symbol`, laid out like ICU's own libicudata."""
    (work / "data.bin").write_bytes(data)
    # ICU reads the package in place through the symbol: 16-byte alignment as in the original.
    (work / "data.s").write_text(
        f"\t.section .rodata\n\t.balign 16\n\t.globl {symbol}\n\t.type {symbol}, @object\n"
        f'\t.size {symbol}, {len(data)}\n{symbol}:\n\t.incbin "{work / "data.bin"}"\n'
        '\t.section .note.GNU-stack,"",@progbits\n'
    )
    _run(_tool("as"), "-o", str(work / "data.o"), str(work / "data.s"))
    _run(_tool("ld"), "-shared", "--strip-all", "--hash-style=both", "-z", "noexecstack",
         "-soname", soname, "-o", str(output), str(work / "data.o"))  # fmt: skip


def slim_icu(library: Path) -> tuple[int, int]:
    """Rewrite the ICU data library in place with only the kept items; returns (bytes before, after)."""
    if not sys.platform.startswith("linux"):
        raise SlimIcuError("slim_icu is for Linux bundles (Windows and macOS Qt use the system's ICU)")
    icupkg = _tool("icupkg")
    library = library.resolve()  # rewrite the file itself; a symlink to it (libicudata.so.NN -> .NN.1) stays
    before = library.stat().st_size
    soname, symbol, data = read_common_data(library)
    # The package's table of contents names items "icudt73l/coll/zh.res": icupkg takes that prefix
    # from the file name, so both packages are called icudt73l.dat, in different folders.
    package_name = f"{symbol.removesuffix('_dat')}l.dat"
    with tempfile.TemporaryDirectory(prefix="slim_icu_") as temporary:
        work = Path(temporary)
        (work / "full").mkdir()
        (work / "slim").mkdir()
        full, slim = work / "full" / package_name, work / "slim" / package_name
        full.write_bytes(data)
        items = _run(icupkg, "-l", str(full)).split()
        if "coll/zh.res" not in items or "cnvalias.icu" not in items:
            raise SlimIcuError(f"{library}: the ICU package lacks coll/zh.res or cnvalias.icu; not a full ICU data set")
        removed = [item for item in items if not is_kept(item)]
        (work / "remove.txt").write_text("\n".join(removed) + "\n")
        # Without --ignore-deps icupkg fails if a kept item (alias, parent, pool) needs a removed one.
        _run(icupkg, "-r", str(work / "remove.txt"), str(full), str(slim))
        rebuilt = work / library.name
        link_data_library(slim.read_bytes(), soname, symbol, rebuilt, work)
        if read_common_data(rebuilt) != (soname, symbol, slim.read_bytes()):
            raise SlimIcuError(f"{rebuilt}: the linked library does not export the trimmed package")
        rebuilt.chmod(library.stat().st_mode)
        # Replace, not write through: the file may be a hard link into a virtual environment.
        shutil.move(rebuilt, library.with_name(library.name + ".slim"))
        os.replace(library.with_name(library.name + ".slim"), library)
    return before, library.stat().st_size


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python packaging/slim_icu.py PATH/TO/libicudata.so.NN", file=sys.stderr)
        return 2
    try:
        before, after = slim_icu(Path(argv[0]))
    except (SlimIcuError, OSError) as error:
        print(f"slim_icu: {error}", file=sys.stderr)
        return 1
    print(f"{argv[0]}: {before:,} -> {after:,} bytes ({100 * after / before:.1f} %)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
